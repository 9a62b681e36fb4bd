/* Sumber Belajar, the list builder (Studio): search the catalogue, add, order, annotate, mark
 * required, add plain links, save the whole list. Titles are set as textContent, never as HTML. */
function KemenagResourcesStudio(runtime, element, args) {
  "use strict";
  var kit = window.KemenagKit;
  var root = element.querySelector ? element : element[0];
  var strings = args.strings || {};
  var dataNode = root.querySelector("script[type='application/json']");
  var items = dataNode ? JSON.parse(dataNode.textContent) : [];
  var list = root.querySelector("[data-role=items]");
  var results = root.querySelector("[data-role=results]");
  var message = root.querySelector("[data-role=message]");

  function say(text) { message.textContent = text; }
  function post(handler, payload) { return kit.call(runtime, root, handler, payload, { strings: strings }); }
  function meta(item) { return [(item.creators || []).join(", "), item.year].filter(Boolean).join(" · "); }

  function render() {
    list.textContent = "";
    if (!items.length) { list.appendChild(kit.el("li", { text: strings.empty })); return; }
    items.forEach(function (item, index) {
      var label = kit.fmt(strings.itemPosition, { position: index + 1 });
      var note = kit.el("input", { type: "text", value: item.note || "", maxlength: "1000", "aria-label": strings.note + " (" + label + ")", "data-field": "note" });
      var required = kit.el("input", { type: "checkbox", "data-field": "required", checked: !!item.required });
      list.appendChild(kit.el("li", { class: "kemenag-resources__item", "data-index": String(index) }, [
        kit.el("strong", { text: item.title }),
        kit.el("p", { class: "kemenag-resources__meta", text: meta(item) }),
        kit.el("label", {}, [strings.note + " ", note]),
        kit.el("label", {}, [required, " " + strings.required]),
        kit.el("span", { class: "kemenag-resources__actions" }, [
          kit.el("button", { type: "button", class: "kemenag-button kemenag-button--secondary", "data-move": "-1", text: strings.up, "aria-label": strings.up + ": " + item.title }),
          kit.el("button", { type: "button", class: "kemenag-button kemenag-button--secondary", "data-move": "1", text: strings.down, "aria-label": strings.down + ": " + item.title }),
          kit.el("button", { type: "button", class: "kemenag-button kemenag-button--secondary", "data-remove": "1", text: strings.remove, "aria-label": strings.remove + ": " + item.title })
        ])
      ]));
    });
  }

  list.addEventListener("input", function (event) {
    var li = event.target.closest("[data-index]");
    if (!li) { return; }
    var item = items[Number(li.getAttribute("data-index"))];
    if (event.target.getAttribute("data-field") === "note") { item.note = event.target.value; }
    if (event.target.getAttribute("data-field") === "required") { item.required = event.target.checked; }
  });
  list.addEventListener("change", function (event) {
    if (event.target.getAttribute("data-field") === "required") {
      items[Number(event.target.closest("[data-index]").getAttribute("data-index"))].required = event.target.checked;
    }
  });
  list.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var index = Number(button.closest("[data-index]").getAttribute("data-index"));
    if (button.hasAttribute("data-remove")) { items.splice(index, 1); }
    if (button.hasAttribute("data-move")) {
      var target = Math.max(0, Math.min(items.length - 1, index + Number(button.getAttribute("data-move"))));
      items.splice(target, 0, items.splice(index, 1)[0]);
    }
    render();
  });

  root.querySelector("[data-role=search-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    say(strings.searching);
    post("search_catalogue", { q: root.querySelector("[data-role=q]").value }).then(function (data) {
      results.textContent = "";
      say(data.results.length ? "" : strings.noResults);
      data.results.forEach(function (result) {
        var add = kit.el("button", { type: "button", class: "kemenag-button kemenag-button--secondary", text: strings.add, "aria-label": strings.add + ": " + result.item.title });
        add.addEventListener("click", function () {
          if (!items.some(function (i) { return i.id === result.item.id; })) { items.push(result.item); }
          render();
          say(strings.added);
        });
        results.appendChild(kit.el("li", {}, [
          kit.el("strong", { text: result.item.title }),
          kit.el("p", { class: "kemenag-resources__meta", text: [result.authors, result.item.year, result.source].filter(Boolean).join(" · ") }),
          result.description ? kit.el("p", { class: "kemenag-resources__note", text: result.description }) : null,
          add
        ]));
      });
    }, function (error) { say(error.message); });
  });

  root.querySelector("[data-role=link-form]").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    items.push({
      kind: "link",
      title: form.querySelector("[data-role=link-title]").value,
      url: form.querySelector("[data-role=link-url]").value,
      note: form.querySelector("[data-role=link-note]").value,
      creators: [], required: false
    });
    form.reset();
    render();
  });

  root.querySelector("[data-action=save]").addEventListener("click", function () {
    post("save_list", {
      items: items,
      display_name: root.querySelector("[data-role=display-name]").value,
      intro: root.querySelector("[data-role=intro]").value
    }).then(function (data) {
      items = data.items;
      render();
      say(data.message);
    }, function (error) { say(error.message); });
  });

  render();
}
