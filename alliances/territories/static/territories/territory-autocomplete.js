/* Territory fields: an accessible combobox with a list of suggestions (WAI-ARIA 1.2 pattern).
 *
 * Any <input data-territory-autocomplete="URL"> gets suggestions from URL?q=… (JSON {items:
 * [{label, ref, detail}]}). Arrow keys move in the list, Enter picks, Escape closes, and a live
 * region announces the number of suggestions. Without JavaScript the field still works: the
 * server resolves what was typed, or asks "Vouliez-vous dire…". No inline script (strict CSP).
 *
 * A field of several territories, one per line (<textarea data-territory-list="URL">), gets an
 * "Ajouter un territoire" combobox under it: a picked suggestion, or what was typed followed by
 * Enter, is added as a new line in everyday words ("Mende (48095)"), which the server resolves.
 */
(function () {
  "use strict";
  var counter = 0;

  function setup(input, onPick) {
    if (input.dataset.territoryReady) return;
    input.dataset.territoryReady = "1";
    counter += 1;
    var id = input.id || "territoire-" + counter;
    input.id = id;
    var wrapper = document.createElement("div");
    wrapper.className = "territory-combobox";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    var list = document.createElement("ul");
    list.id = id + "-suggestions";
    list.className = "territory-suggestions";
    list.setAttribute("role", "listbox");
    var labelFor = document.querySelector('label[for="' + id + '"]');
    if (labelFor) {
      labelFor.id = labelFor.id || id + "-label";
      list.setAttribute("aria-labelledby", labelFor.id);
    } else {
      list.setAttribute("aria-label", "Territoires suggérés");
    }
    list.hidden = true;
    wrapper.appendChild(list);
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var items = [];
    var active = -1;
    var timer = null;
    var lastQuery = "";
    var request = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll('[role="option"]');
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var item = items[index];
      if (!item) return;
      close();
      if (onPick) {
        pick(item.label);
        return;
      }
      input.value = item.label;
      lastQuery = item.label;
      status.textContent = item.label + " choisi.";
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function pick(text) {
      onPick(text);
      input.value = "";
      lastQuery = "";
      items = [];
      close();
      status.textContent = text + " ajouté.";
    }

    function render(data, query) {
      // A suggestion highlighted with the arrows stays highlighted when the list is refreshed.
      var kept = active >= 0 && items[active] ? items[active].ref : null;
      items = data.items || [];
      list.dataset.query = query;
      list.textContent = "";
      items.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = list.id + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.index = String(index);
        var name = document.createElement("span");
        name.textContent = item.label;
        option.appendChild(name);
        if (item.detail) {
          var detail = document.createElement("span");
          detail.className = "territory-suggestion-detail";
          detail.textContent = " — " + item.detail;
          option.appendChild(detail);
        }
        list.appendChild(option);
      });
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent =
          items.length + (items.length > 1 ? " suggestions" : " suggestion") +
          ". Flèches haut et bas pour parcourir, Entrée pour choisir, Échap pour fermer.";
      } else {
        close();
        status.textContent = "Aucun territoire suggéré.";
      }
      active = -1;
      for (var i = 0; kept && i < items.length; i++) {
        if (items[i].ref === kept) highlight(i);
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) return;
      lastQuery = query;
      if (query.length < 2) {
        items = [];
        close();
        return;
      }
      request += 1;
      var mine = request;
      var url = input.dataset.territoryAutocomplete + "?q=" + encodeURIComponent(query);
      if (input.dataset.territoryKinds) url += "&niveaux=" + encodeURIComponent(input.dataset.territoryKinds);
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (data) { if (mine === request) render(data, query); })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && items.length > 0;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) { lastQuery = ""; fetchSuggestions(); return; }
        highlight(active + 1 >= items.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp") {
        if (!open) return;
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          choose(active);
        } else if (onPick) {
          // Never submit the whole form from the adding box: what was typed becomes a line.
          event.preventDefault();
          if (input.value.trim()) pick(input.value.trim());
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
          status.textContent = "Suggestions fermées.";
        }
      } else if (event.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    list.addEventListener("click", function (event) {
      var option = event.target.closest('[role="option"]');
      if (option) choose(Number(option.dataset.index));
    });
  }

  function setupList(textarea) {
    if (textarea.dataset.territoryReady) return;
    textarea.dataset.territoryReady = "1";
    counter += 1;
    var id = (textarea.id || "territoires-" + counter) + "-ajout";
    var box = document.createElement("div");
    box.className = "territory-list-add";
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.textContent = "Ajouter un territoire";
    var input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    input.placeholder = "Mende, 48000, Cœur de Lozère…";
    input.dataset.territoryAutocomplete = textarea.dataset.territoryList;
    if (textarea.dataset.territoryKinds) input.dataset.territoryKinds = textarea.dataset.territoryKinds;
    box.appendChild(label);
    box.appendChild(input);
    textarea.insertAdjacentElement("afterend", box);
    setup(input, function (text) {
      var lines = textarea.value.split("\n").map(function (line) { return line.trim(); }).filter(Boolean);
      if (lines.indexOf(text) === -1) lines.push(text);
      textarea.value = lines.join("\n");
      textarea.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function init(root) {
    var inputs = (root || document).querySelectorAll("input[data-territory-autocomplete]");
    for (var i = 0; i < inputs.length; i++) setup(inputs[i]);
    var lists = (root || document).querySelectorAll("textarea[data-territory-list]");
    for (var j = 0; j < lists.length; j++) setupList(lists[j]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  // Forms loaded by htmx get their comboboxes too.
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
