/* Studio: the quiz's own sections beside xblock.utils' settings editor (dimensions_editor.js,
 * item_bank.js, item_editor.js). The fragment's init function is this one: it starts the settings
 * editor, then hands each registered section the runtime, the block's element and the strings
 * (init.strings, built by quiz/browser_strings.py in the author's language). */
function KemenagQuizStudio(runtime, element, init) {
  "use strict";
  var root = element.jquery ? element[0] : element;
  var strings = (init && init.strings) || {};
  KemenagQuizStudio.sections.forEach(function (entry) {
    // The fragment's parts are siblings of the editor in some runtimes.
    var section = root.querySelector(entry.selector) || (root.parentNode && root.parentNode.querySelector(entry.selector));
    if (section && !section.dataset.bound) {
      section.dataset.bound = "1";
      entry.bind(section, runtime, root, strings, init || {});
    }
  });
  return window.StudioEditableXBlockMixin(runtime, element);
}
KemenagQuizStudio.sections = [];
/* ``bind(section, runtime, element, strings, init)`` runs once for the first element matching ``selector``. */
KemenagQuizStudio.register = function (selector, bind) { KemenagQuizStudio.sections.push({ selector: selector, bind: bind }); };
/* A handler call with the editor's strings (a refusal, a server error and no line each say so). */
KemenagQuizStudio.call = function (runtime, element, strings, handler, payload) {
  return window.KemenagKit.call(runtime, element, handler, payload, { strings: strings });
};
