/* Territory autocomplete for the "Territoires concernés" field of the contribution form.
 *
 * Progressive enhancement: without JavaScript the field is a plain textarea (one reference per
 * line, e.g. 48095 or epci:244800405). With it, a search box under the field asks the platform's
 * territory suggestions (the endpoint of the header search, an HTML fragment whose links point to
 * /territoires/<kind>/<code>/) and each suggestion becomes a button that appends "<kind>:<code>"
 * to the textarea. No inline script: loaded as a static file (CSP script-src 'self').
 */
(function () {
  "use strict";

  var PATH = /\/territoires\/(commune|epci|departement|region)\/([0-9A-Za-z]+)\/?$/;

  function refOf(href) {
    var match = PATH.exec(new URL(href, window.location.origin).pathname);
    return match ? match[1] + ":" + match[2] : null;
  }

  function addRef(textarea, ref) {
    var lines = textarea.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
    if (lines.indexOf(ref) === -1) {
      lines.push(ref);
    }
    textarea.value = lines.join("\n");
  }

  function setup(textarea) {
    if (textarea.dataset.pickerReady) {
      return;
    }
    textarea.dataset.pickerReady = "1";
    var url = textarea.dataset.suggestionsUrl;
    var id = textarea.id + "-recherche";
    var box = document.createElement("div");
    box.className = "territory-picker";
    box.innerHTML =
      '<label for="' + id + '">Ajouter un territoire par son nom</label>' +
      '<input type="search" id="' + id + '" autocomplete="off" placeholder="Nom de commune, code postal, intercommunalité…">' +
      '<p class="visually-hidden" role="status" aria-live="polite"></p>' +
      '<ul class="suggestions"></ul>';
    textarea.insertAdjacentElement("afterend", box);
    var input = box.querySelector("input");
    var status = box.querySelector("[role=status]");
    var list = box.querySelector("ul");
    var timer = null;
    var latest = 0;

    function show(html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      list.innerHTML = "";
      var count = 0;
      doc.querySelectorAll("a[href]").forEach(function (link) {
        var ref = refOf(link.getAttribute("href"));
        if (!ref) {
          return;
        }
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "link-button";
        button.dataset.ref = ref;
        button.innerHTML = link.innerHTML;  // the platform's own escaped label
        button.setAttribute("aria-label", "Ajouter " + link.textContent.replace(/\s+/g, " ").trim());
        item.appendChild(button);
        list.appendChild(item);
        count += 1;
      });
      status.textContent = input.value.trim().length < 2 ? "" :
        (count ? count + " territoire(s) proposé(s)." : "Aucun territoire ne correspond.");
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var query = input.value.trim();
        var ticket = ++latest;
        if (query.length < 2) {
          show("");
          return;
        }
        fetch(url + "?q=" + encodeURIComponent(query), { headers: { "HX-Request": "true" } })
          .then(function (response) { return response.ok ? response.text() : ""; })
          .then(function (html) { if (ticket === latest) { show(html); } })
          .catch(function () { status.textContent = "Suggestions indisponibles : saisissez le code."; });
      }, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {  // never submit the whole step from the search box
        event.preventDefault();
        var first = list.querySelector("button");
        if (first) {
          first.focus();
        }
      }
    });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-ref]");
      if (!button) {
        return;
      }
      addRef(textarea, button.dataset.ref);
      status.textContent = button.getAttribute("aria-label").replace(/^Ajouter/, "Ajouté :") + ".";
      input.value = "";
      list.innerHTML = "";
      input.focus();
    });
  }

  function init(root) {
    (root || document).querySelectorAll("textarea[data-suggestions-url]").forEach(setup);
  }

  if (window.htmx) {
    window.htmx.onLoad(init);  // the first page and every step swapped in by htmx
  } else {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  }
})();
