/* Main menu on small screens: one button shows or hides the navigation and account links.
   Loaded as a file (strict CSP, no inline script); without it the menu simply stays open. */
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var button = document.querySelector(".menu-button");
  if (!header || !button) return;
  header.classList.add("js-menu");
  button.hidden = false;
  function setOpen(open) {
    header.classList.toggle("menu-open", open);
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  header.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
