/* Studio: the quiz's item bank as CSV, a section beside xblock.utils' settings editor, bound
 * through studio_sections.js, with the editor's translated strings. */
(function () {
  "use strict";
  var fill = window.KemenagKit.fmt;
  function bind(section, runtime, element, text) {
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
        return KemenagQuizStudio.call(runtime, element, text, "import_item_bank", { csv: csv });
      }).then(function (body) {
        if (body.errors && body.errors.length) { showErrors(body.errors); return; }
        section.querySelector('[data-part="bank-count"]').textContent = body.imported;
        say(fill(text.imported, { count: body.imported }));
        document.dispatchEvent(new CustomEvent("kemenag-quiz-items-imported"));
      }).catch(function (error) {
        say(error.message || text.failed);
      }).then(function () {
        button.disabled = false;
      });
    });
  }
  KemenagQuizStudio.register(".kemenag-itembank", bind);
})();
