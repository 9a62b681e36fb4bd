/* Studio: the quiz's own sections beside xblock.utils' settings editor (dimensions_editor.js,
 * item_bank.js). The fragment's init function is the editor's, so it is wrapped here, once, to
 * hand each registered section the runtime and the block's element. */
(function () {
  "use strict";
  if (window.KemenagQuizStudio) { return; }
  var sections = [];

  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* ``bind(section, runtime, element)`` runs once for the first element matching ``selector``
   * inside the editor (or beside it: the fragment's parts are siblings in some runtimes). */
  function register(selector, bind) { sections.push({ selector: selector, bind: bind }); }

  var original = window.StudioEditableXBlockMixin;
  if (original) {
    var wrapped = function (runtime, element) {
      var root = element.jquery ? element[0] : element;
      sections.forEach(function (entry) {
        var section = root.querySelector(entry.selector) ||
          (root.parentNode && root.parentNode.querySelector(entry.selector));
        if (section && !section.dataset.bound) {
          section.dataset.bound = "1";
          entry.bind(section, runtime, root);
        }
      });
      return original.apply(this, arguments);
    };
    Object.keys(original).forEach(function (key) { wrapped[key] = original[key]; });
    window.StudioEditableXBlockMixin = wrapped;
  }
  window.KemenagQuizStudio = { register: register, csrf: csrf };
})();
