/* Studio: the quiz's item bank as CSV, a section beside xblock.utils' settings editor, bound
 * through studio_sections.js. Texts come translated from the section's data attributes. */
(function () {
  "use strict";
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }
  function bind(section, runtime, element) {
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
          headers: { "Content-Type": "application/json", "X-CSRFToken": window.KemenagQuizStudio.csrf() },
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
  window.KemenagQuizStudio.register(".kemenag-itembank", bind);
})();
