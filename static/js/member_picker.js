// The invitation picker of a project's Membres tab (templates/projects/members.html): the search
// field becomes a combobox (ARIA 1.2 pattern, list autocomplete). Typing asks the server for the
// members who may be invited (at most 8, accents and case ignored, with their organisation and
// region, so that two people of the same name can be told apart); the suggestions show in a
// listbox: up and down arrows move (aria-activedescendant), Enter chooses, Escape closes, a click
// chooses too. The chosen person becomes the one checked radio button of the invitation form,
// which is what is posted. Without JavaScript the same field searches through the page (GET) and
// the results are those radio buttons: the form works either way. Same habits as mentions.js
// (debounce, one request at a time, text only from people's input); the listbox itself (ids,
// arrows, aria-activedescendant, the live region) is the shared helper of listbox.js.
(function () {
  "use strict";

  const DEBOUNCE_MS = 150;
  const MAX_QUERY_LENGTH = 80;

  const format = (text, values) =>
    text.replace(/%\((\w+)\)[sd]/g, (whole, key) => (key in values ? String(values[key]) : whole));

  function describe(member) {
    const where = [member.organisation, member.region].filter(Boolean).join(", ");
    return where ? member.name + " — " + where : member.name;
  }

  function setUp(picker) {
    const input = picker.querySelector("input[type=search]");
    const results = document.getElementById(picker.dataset.results || "");
    const url = picker.dataset.url;
    if (!input || !results || !url || !window.Listbox) return;

    const box = window.Listbox.attach(input, {
      tag: "ul",
      id: input.id + "-listbox",
      className: "mention-suggestions member-picker__list",
      label: picker.dataset.label || "",
      parent: picker,
    });

    let members = [];
    let timer = null;
    const suggestions = window.Listbox.latest(url, "application/json");

    function hide() {
      members = [];
      box.hide();
    }

    function close() {
      window.clearTimeout(timer);
      suggestions.cancel();
      hide();
    }

    function show(found) {
      hide();
      if (!found.length) {
        box.announce(picker.dataset.none || "");
        return;
      }
      members = found;
      box.setOptions(found.map((member) => {
        const option = document.createElement("li");
        option.className = "mention-suggestions__option";
        option.setAttribute("role", "option");
        option.textContent = describe(member); // text only: names are people's input
        return option;
      }));
      box.announce(format(picker.dataset.status || "", { count: found.length }));
    }

    // The chosen person becomes the invitation form's only, checked, choice.
    function choose(index) {
      const member = members[index];
      close();
      if (!member) return;
      const legend = results.querySelector("legend");
      const id = "candidate-" + Number(member.id);
      const item = document.createElement("li");
      item.className = "field--checkbox";
      const radio = document.createElement("input");
      radio.type = "radio";
      radio.name = "member";
      radio.value = String(Number(member.id));
      radio.id = id;
      radio.checked = true;
      const label = document.createElement("label");
      label.htmlFor = id;
      const name = document.createElement("strong");
      name.textContent = member.name;
      label.append(name);
      const where = [member.organisation, member.region].filter(Boolean).join(", ");
      if (where) label.append(" — " + where);
      item.append(radio, " ", label);
      const list = document.createElement("ul");
      list.className = "plain-list";
      list.append(item);
      results.replaceChildren(...(legend ? [legend] : []), list);
      const hidden = results.form && results.form.querySelector("input[name=recherche]");
      if (hidden) hidden.value = input.value;
      box.announce(format(picker.dataset.chosen || "", { name: member.name }));
      radio.focus();
    }

    function lookUp(query) {
      // null: stale, offline or signed out: the search button still works without the list
      suggestions.ask(query).then((data) => {
        if (!data || input.value.trim() !== query) return;
        show(data.members);
      });
    }

    input.addEventListener("input", () => {
      const query = input.value.trim();
      window.clearTimeout(timer);
      if (!query || query.length > MAX_QUERY_LENGTH) {
        close();
        return;
      }
      timer = window.setTimeout(() => lookUp(query), DEBOUNCE_MS);
    });

    input.addEventListener("keydown", (event) => {
      if (event.isComposing) return;
      const open = box.isOpen();
      if (event.key === "Escape" && open) {
        close();
      } else if (event.key === "ArrowDown" && open) {
        box.move(1);
      } else if (event.key === "ArrowUp" && open) {
        box.move(-1);
      } else if (event.key === "Enter" && open && box.active()) {
        choose(box.options().indexOf(box.active())); // with none highlighted, Enter searches
      } else {
        return;
      }
      event.preventDefault();
    });
    input.addEventListener("blur", () => window.setTimeout(hide, 150));

    box.listbox.addEventListener("mousedown", (event) => event.preventDefault()); // keep focus
    box.listbox.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) choose(box.options().indexOf(option));
    });
  }

  document.querySelectorAll("[data-member-picker]").forEach(setUp);
})();
