/* Studio: the quiz's dimensions and bands as two small tables. Saved through the block's
 * ``save_dimensions`` handler, which checks them with the OLX rules (an error names the element).
 * A section beside xblock.utils' settings editor, bound through studio_sections.js. */
(function () {
  "use strict";
  function rows(table) {
    return Array.prototype.map.call(table.querySelectorAll("tbody tr"), function (tr) {
      var row = {};
      tr.querySelectorAll("input[data-key]").forEach(function (input) { row[input.dataset.key] = input.value; });
      return row;
    });
  }
  function addRow(table, keys, removeText) {
    var tbody = table.querySelector("tbody");
    var template = table.querySelector("thead tr");
    var number = tbody.rows.length + 1;
    var tr = document.createElement("tr");
    keys.forEach(function (key, index) {
      var td = document.createElement("td");
      var input = document.createElement("input");
      var label = template.cells[index].textContent.trim();
      input.type = key.type;
      input.dataset.key = key.name;
      if (key.type === "number") { input.step = "any"; input.min = "0"; }
      // The visible label of a phone's stacked row, as the server renders it.
      td.dataset.label = label;
      if (key.name === "name") { td.className = "kemenag-dimensions__wide"; }
      input.setAttribute("aria-label", label + " " + number);
      td.appendChild(input);
      tr.appendChild(td);
    });
    var cell = document.createElement("td");
    var remove = document.createElement("button");
    remove.type = "button";
    remove.dataset.action = "remove-row";
    remove.textContent = removeText;
    cell.appendChild(remove);
    tr.appendChild(cell);
    tbody.appendChild(tr);
    tr.querySelector("input").focus();
  }
  function bind(section, runtime, element, text) {
    var out = section.querySelector('[data-part="dimensions-status"]');
    var dimensions = section.querySelector('[data-part="dimensions"]');
    var bands = section.querySelector('[data-part="bands"]');
    section.addEventListener("click", function (event) {
      var action = event.target.dataset && event.target.dataset.action;
      if (action === "remove-row") {
        var table = event.target.closest("table");
        event.target.closest("tr").remove();
        var next = table.querySelector("tbody input") || section.querySelector('[data-action="add-dimension"]');
        next.focus();
      } else if (action === "add-dimension") {
        addRow(dimensions, [{ name: "id", type: "text" }, { name: "name", type: "text" }, { name: "weight", type: "number" }], text.remove);
      } else if (action === "add-band") {
        addRow(bands, [{ name: "min", type: "number" }, { name: "name", type: "text" }], text.remove);
      } else if (action === "save-dimensions") {
        out.textContent = "";
        KemenagQuizStudio.call(runtime, element, text, "save_dimensions", { dimensions: rows(dimensions), bands: rows(bands) })
          .then(function () { out.textContent = text.dimensionsSaved; })
          .catch(function (error) { out.textContent = error.message || text.dimensionsFailed; })
          // The answer is read out where the button is; focus follows it (issue 21.7).
          .then(function () { out.focus(); });
      }
    });
  }
  KemenagQuizStudio.register(".kemenag-dimensions", bind);
})();
