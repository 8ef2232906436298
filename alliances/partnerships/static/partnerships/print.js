// "Imprimer cette page": a button shown only when JavaScript runs (no inline script: CSP).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
