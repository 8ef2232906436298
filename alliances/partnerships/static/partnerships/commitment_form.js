// The commitment form shows the value fields of the chosen kind only: an amount for money and in kind,
// hours for skills and volunteering, a rate for skills. A field keeps showing while it holds a value or
// an error, so that nothing typed is hidden. Without JavaScript every field shows, with its help text.
(function () {
  var kind = document.querySelector("select[name=kind]");
  if (!kind || !document.querySelector("[name=hours]")) return;
  var kinds = {
    amount_eur: ["financier", "nature", "locaux", "logistique"],
    hours: ["competences", "benevolat"],
    hourly_rate_eur: ["competences"]
  };
  function update() {
    Object.keys(kinds).forEach(function (name) {
      var input = document.querySelector("[name=" + name + "]");
      var box = input && input.closest(".field");
      if (!box) return;
      var wanted = !kind.value || kinds[name].indexOf(kind.value) !== -1;
      box.hidden = !wanted && !input.value && !box.querySelector(".errorlist");
    });
  }
  kind.addEventListener("change", update);
  update();
})();
