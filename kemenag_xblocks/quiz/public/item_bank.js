/* Studio: the quiz's item bank as CSV. The settings form is xblock.utils' editor; this script
 * binds the item-bank section beside it (the fragment's init is the editor's, so it is wrapped to
 * get the runtime). Texts come translated from the section's data attributes. */
(function () {
  "use strict";
  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }
  function bind(section, runtime, element) {
    if (section.dataset.bound) { return; }
    section.dataset.bound = "1";
    var text = section.dataset;
    var out = section.querySelector('[data-part="bank-status"]');
    var input = section.querySelector('[data-part="bank-file"]');
    var button = section.querySelector('[data-action="import-bank"]');
    section.querySelector('[data-action="export-bank"]').href = runtime.handlerUrl(element, "export_item_bank");

    function say(message) { out.textContent = message; }
    function showErrors(errors) {
      out.textContent = "";
      var intro = document.createElement("p");
      intro.textContent = text.rejected;
      var list = document.createElement("ul");
      errors.forEach(function (e) {
        var li = document.createElement("li");
        li.textContent = fill(text.rowError, { row: e.row, message: e.message });
        list.appendChild(li);
      });
      out.appendChild(intro);
      out.appendChild(list);
    }

    button.addEventListener("click", function () {
      var file = input.files[0];
      if (!file) { say(text.noFile); input.focus(); return; }
      button.disabled = true;
      file.text().then(function (csv) {
        return fetch(runtime.handlerUrl(element, "import_item_bank"), {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
          body: JSON.stringify({ csv: csv })
        });
      }).then(function (response) {
        return response.json().catch(function () { return { error: text.failed }; });
      }).then(function (body) {
        if (body.error) { say(body.error); return; }
        if (body.errors && body.errors.length) { showErrors(body.errors); return; }
        section.querySelector('[data-part="bank-count"]').textContent = body.imported;
        say(fill(text.imported, { count: body.imported }));
      }).catch(function () {
        say(text.failed);
      }).then(function () {
        button.disabled = false;
      });
    });
  }
  var original = window.StudioEditableXBlockMixin;
  if (original && !original.kemenagItemBank) {
    var wrapped = function (runtime, element) {
      var root = element.jquery ? element[0] : element;
      var section = root.querySelector(".kemenag-itembank") ||
        (root.parentNode && root.parentNode.querySelector(".kemenag-itembank"));
      if (section) { bind(section, runtime, root); }
      return original.apply(this, arguments);
    };
    // Keep the flags of any other wrapper, so that each script wraps the editor once.
    Object.keys(original).forEach(function (key) { wrapped[key] = original[key]; });
    wrapped.kemenagItemBank = true;
    window.StudioEditableXBlockMixin = wrapped;
  }
})();
