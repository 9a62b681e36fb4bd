/* Studio: the quiz's questions as a list to edit (add, remove, reorder, checked as you type), beside
 * the CSV import. Rows come from ``item_rows`` and go back to ``save_items``, which applies the OLX
 * rules; a refused row is marked (aria-invalid, described by its message) and focused. */
(function () {
  "use strict";
  var el = window.KemenagKit.el, fmt = window.KemenagKit.fmt;

  function bind(section, runtime, element, S) {
    var list = section.querySelector('[data-part="item-list"]');
    var out = section.querySelector('[data-part="items-status"]');
    var dimensions = [];
    var serial = 0;

    function field(label, control, hint) {
      var id = "kemenag-ie-" + (++serial);
      control.id = id;
      var note = el("span", { "class": "kemenag-itemeditor__error", id: id + "-error", hidden: true });
      control.dataset.error = note.id;
      return el("label", { "class": "kemenag-itemeditor__field", "for": id }, [el("span", { text: label }), control, hint || null, note]);
    }

    function optionRow(option) {
      var row = el("li", { "class": "kemenag-itemeditor__option", "data-option": "" });
      row.appendChild(field(S.optionId, el("input", { type: "text", "data-key": "id", value: option.id || "", size: "4" })));
      row.appendChild(field(S.optionText, el("input", { type: "text", "data-key": "text", value: option.text || "" })));
      // type=text: a number in the author's language would be refused by type=number (issue 21.1).
      row.appendChild(field(S.optionScore, el("input", { type: "text", inputmode: "decimal", "data-key": "score", value: option.score === undefined ? "" : String(option.score), size: "4" })));
      row.appendChild(el("button", { type: "button", "data-action": "remove-option", text: S.removeOption }));
      return row;
    }

    function itemRow(item) {
      var row = el("li", { "class": "kemenag-itemeditor__item", "data-item": "", tabindex: "-1" });
      var type = el("select", { "data-key": "type" }, [
        el("option", { value: "likert", text: S.likert }), el("option", { value: "choice", text: S.choice })
      ]);
      type.value = item.type || "likert";
      var dimension = el("select", { "data-key": "dimension" }, dimensions.map(function (d) { return el("option", { value: d.id, text: d.name }); }));
      dimension.value = item.dimension || (dimensions[0] && dimensions[0].id) || "";
      var reverse = el("input", { type: "checkbox", "data-key": "reverse" });
      reverse.checked = Boolean(item.reverse);
      row.appendChild(el("p", { "class": "kemenag-itemeditor__head" }, [
        el("strong", { "data-part": "number" }),
        el("button", { type: "button", "data-action": "up", text: S.moveUp }),
        el("button", { type: "button", "data-action": "down", text: S.moveDown }),
        el("button", { type: "button", "data-action": "remove-item", text: S.removeItem })
      ]));
      row.appendChild(field(S.itemId, el("input", { type: "text", "data-key": "id", value: item.id || "" })));
      row.appendChild(field(S.dimension, dimension));
      row.appendChild(field(S.type, type));
      row.appendChild(field(S.reverse, reverse));
      row.appendChild(field(S.prompt, el("textarea", { "data-key": "prompt", rows: "2", text: item.prompt || "" })));
      var options = el("ul", { "class": "kemenag-itemeditor__options", "data-part": "options" }, (item.options || []).map(optionRow));
      row.appendChild(options);
      row.appendChild(el("p", {}, [el("button", { type: "button", "data-action": "add-option", text: S.addOption })]));
      showOptions(row);
      return row;
    }

    function showOptions(row) {
      var choice = row.querySelector('[data-key="type"]').value === "choice";
      row.querySelector('[data-part="options"]').hidden = !choice;
      row.querySelector('[data-action="add-option"]').hidden = !choice;
      row.querySelector('[data-key="reverse"]').closest("label").hidden = choice;
    }

    function number() {
      list.querySelectorAll("[data-item]").forEach(function (row, index) {
        row.querySelector('[data-part="number"]').textContent = fmt(S.questionNumber, { n: index + 1 });
      });
    }

    function value(row) {
      var read = function (key) { var c = row.querySelector(':scope > label [data-key="' + key + '"]'); return c.type === "checkbox" ? c.checked : c.value; };
      return {
        id: read("id"), dimension: read("dimension"), type: read("type"), reverse: read("reverse"), prompt: read("prompt"),
        options: read("type") === "choice" ? Array.prototype.map.call(row.querySelectorAll("[data-option]"), function (o) {
          return { id: o.querySelector('[data-key="id"]').value, text: o.querySelector('[data-key="text"]').value, score: o.querySelector('[data-key="score"]').value };
        }) : []
      };
    }

    function mark(control, message) {
      var note = document.getElementById(control.dataset.error);
      if (message) {
        control.setAttribute("aria-invalid", "true");
        control.setAttribute("aria-describedby", note.id);
        note.textContent = message;
        note.hidden = false;
      } else {
        control.removeAttribute("aria-invalid");
        control.removeAttribute("aria-describedby");
        note.hidden = true;
      }
    }

    /* The checks an author can fix while typing (the server checks everything again on save). */
    function check(row) {
      var item = value(row), ok = true;
      var ids = Array.prototype.map.call(list.querySelectorAll("[data-item]"), function (r) { return value(r).id.trim(); });
      var idControl = row.querySelector(':scope > label [data-key="id"]');
      var idProblem = !item.id.trim() ? S.needId : (ids.filter(function (x) { return x === item.id.trim(); }).length > 1 ? S.duplicateId : "");
      mark(idControl, idProblem);
      mark(row.querySelector(':scope > label [data-key="prompt"]'), item.prompt.trim() ? "" : S.needPrompt);
      ok = !idProblem && Boolean(item.prompt.trim());
      if (item.type === "choice") {
        var rows = row.querySelectorAll("[data-option]");
        rows.forEach(function (o) {
          var score = o.querySelector('[data-key="score"]');
          var bad = score.value.trim() === "" || isNaN(Number(score.value.replace(",", "."))) || Number(score.value.replace(",", ".")) < 0;
          mark(score, bad ? S.needScore : "");
          mark(o.querySelector('[data-key="text"]'), o.querySelector('[data-key="text"]').value.trim() ? "" : S.needText);
          ok = ok && !bad;
        });
        var addButton = row.querySelector('[data-action="add-option"]');
        addButton.setAttribute("aria-describedby", idControl.dataset.error);
        if (rows.length < 2) { mark(idControl, idProblem || S.needTwoOptions); ok = false; }
      }
      return ok;
    }

    function load() {
      KemenagQuizStudio.call(runtime, element, S, "item_rows", {}).then(function (body) {
        dimensions = body.dimensions;
        list.innerHTML = "";
        body.items.forEach(function (item) { list.appendChild(itemRow(item)); });
        number();
        list.setAttribute("aria-busy", "false");
      }).catch(function (error) { out.textContent = error.message; });
    }

    section.addEventListener("input", function (event) {
      var row = event.target.closest("[data-item]");
      if (row) { check(row); }
    });
    section.addEventListener("change", function (event) {
      var row = event.target.closest("[data-item]");
      if (row && event.target.dataset.key === "type") { showOptions(row); }
      if (row) { check(row); }
    });
    section.addEventListener("click", function (event) {
      var action = event.target.dataset && event.target.dataset.action;
      var row = event.target.closest("[data-item]");
      if (action === "add-item") {
        var fresh = itemRow({ type: "likert", options: [] });
        list.appendChild(fresh);
        number();
        fresh.querySelector('[data-key="id"]').focus();
      } else if (action === "remove-item") {
        var next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        number();
        (next ? next.querySelector("input") : section.querySelector('[data-action="add-item"]')).focus();
      } else if (action === "up" && row.previousElementSibling) {
        list.insertBefore(row, row.previousElementSibling);
        number();
        event.target.focus();
      } else if (action === "down" && row.nextElementSibling) {
        list.insertBefore(row.nextElementSibling, row);
        number();
        event.target.focus();
      } else if (action === "add-option") {
        var letters = "abcdef", taken = Array.prototype.map.call(row.querySelectorAll('[data-option] [data-key="id"]'), function (i) { return i.value; });
        var id = letters.split("").filter(function (l) { return taken.indexOf(l) === -1; })[0] || "";
        var option = optionRow({ id: id, text: "", score: "" });
        row.querySelector('[data-part="options"]').appendChild(option);
        option.querySelector('[data-key="text"]').focus();
        check(row);
      } else if (action === "remove-option") {
        var owner = event.target.closest("[data-item]");
        event.target.closest("[data-option]").remove();
        check(owner);
      } else if (action === "save-items") {
        save();
      }
    });

    function save() {
      var rows = Array.prototype.slice.call(list.querySelectorAll("[data-item]"));
      var bad = rows.filter(function (row) { return !check(row); });
      if (bad.length) {
        out.textContent = fmt(S.fixRows, { n: bad.length });
        var first = bad[0].querySelector('[aria-invalid="true"]') || bad[0];
        first.focus();
        return;
      }
      KemenagQuizStudio.call(runtime, element, S, "save_items", { items: rows.map(value) }).then(function (body) {
        if (body.errors.length) {
          body.errors.forEach(function (e) { mark(rows[e.row - 1].querySelector(':scope > label [data-key="id"]'), e.message); });
          out.textContent = fmt(S.fixRows, { n: body.errors.length });
          rows[body.errors[0].row - 1].querySelector('[aria-invalid="true"]').focus();
          return;
        }
        out.textContent = fmt(S.itemsSaved, { count: body.saved });
        var count = document.querySelector('.kemenag-itembank [data-part="bank-count"]');
        if (count) { count.textContent = body.saved; }
      }).catch(function (error) { out.textContent = error.message; out.focus(); });
    }

    document.addEventListener("kemenag-quiz-items-imported", load);
    load();
  }
  KemenagQuizStudio.register(".kemenag-itemeditor", bind);
})();
