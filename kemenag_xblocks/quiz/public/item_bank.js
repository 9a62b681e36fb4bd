/* Studio: the quiz's item bank as CSV. Binds to each item-bank section once; no answer keys
 * beyond what the author already edits. Uses the Studio runtime's handler URL through the
 * section's data attributes set on load. */
(function () {
  "use strict";
  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  function bind(section, runtime, element) {
    if (section.dataset.bound) { return; }
    section.dataset.bound = "1";
    var out = section.querySelector('[data-part="bank-status"]');
    section.querySelector('[data-action="export-bank"]').href = runtime.handlerUrl(element, "export_item_bank");
    section.querySelector('[data-action="import-bank"]').addEventListener("click", function () {
      var file = section.querySelector('[data-part="bank-file"]').files[0];
      if (!file) { return; }
      file.text().then(function (text) {
        return fetch(runtime.handlerUrl(element, "import_item_bank"), {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
          body: JSON.stringify({ csv: text })
        });
      }).then(function (response) { return response.json(); }).then(function (body) {
        out.innerHTML = "";
        if (body.error) { out.textContent = body.error; return; }
        if (body.errors && body.errors.length) {
          var list = document.createElement("ul");
          body.errors.forEach(function (e) {
            var li = document.createElement("li");
            li.textContent = "#" + e.row + ": " + e.message;
            list.appendChild(li);
          });
          out.appendChild(list);
        } else {
          out.textContent = "✓ " + body.imported;
        }
      });
    });
  }
  // StudioEditableXBlockMixin initialises its own form; wrap its init so we get the runtime.
  var original = window.StudioEditableXBlockMixin;
  if (original && !original.kemenagWrapped) {
    window.StudioEditableXBlockMixin = function (runtime, element) {
      var root = element.jquery ? element[0] : element;
      var section = root.querySelector(".kemenag-itembank") || (root.parentNode && root.parentNode.querySelector(".kemenag-itembank"));
      if (section) { bind(section, runtime, root); }
      return original.apply(this, arguments);
    };
    window.StudioEditableXBlockMixin.kemenagWrapped = true;
  }
})();
