/* Sumber Belajar, learner view. The list is server-rendered with plain links (reading works without
 * JavaScript); this script reveals the "mark as read" and "save to my list" buttons and the staff
 * report. Every text from the server is set as textContent, never as HTML. */
function KemenagResources(runtime, element, args) {
  "use strict";
  var kit = window.KemenagKit;
  var root = element.querySelector ? element : element[0];
  var strings = args.strings || {};
  var message = root.querySelector("[data-role=message]");
  var progress = root.querySelector("[data-role=progress]");

  function say(text) { if (message) { message.textContent = text; } }
  function fail(error) { say(error.message); }

  function apply(state) {
    var read = state.read || [], kept = state.bookmarked || [];
    root.querySelectorAll("[data-item]").forEach(function (li) {
      var id = li.getAttribute("data-item");
      var isRead = read.indexOf(id) !== -1, isKept = kept.indexOf(id) !== -1;
      li.classList.toggle("is-read", isRead);
      var badge = li.querySelector("[data-role=read-badge]");
      if (badge) { badge.hidden = !isRead; }
      var readButton = li.querySelector("[data-action=read]");
      if (readButton) {
        readButton.setAttribute("aria-pressed", String(isRead));
        readButton.textContent = isRead ? strings.markUnread : strings.markRead;
      }
      var keepButton = li.querySelector("[data-action=bookmark]");
      if (keepButton) {
        keepButton.setAttribute("aria-pressed", String(isKept));
        keepButton.textContent = isKept ? strings.unbookmark : strings.bookmark;
      }
    });
    if (progress && state.progress) {
      progress.textContent = state.complete ? strings.complete
        : kit.fmt(strings.progress, { read: state.progress.read, total: state.progress.of });
    }
  }

  function post(handler, payload) {
    return kit.call(runtime, root, handler, payload, { strings: strings });
  }

  root.querySelectorAll("[data-action=read], [data-action=bookmark], [data-action=report]").forEach(function (button) {
    button.hidden = false;
  });

  root.addEventListener("click", function (event) {
    var button = event.target.closest("[data-action]");
    if (!button || !root.contains(button)) { return; }
    var li = button.closest("[data-item]");
    var action = button.getAttribute("data-action");
    if (action === "read") {
      var read = button.getAttribute("aria-pressed") !== "true";
      post("mark_read", { item: li.getAttribute("data-item"), read: read }).then(function (state) {
        apply(state);
        if (state.complete && read) { say(strings.complete); }
      }, fail);
    } else if (action === "bookmark") {
      var on = button.getAttribute("aria-pressed") !== "true";
      post("bookmark", { item: li.getAttribute("data-item"), on: on }).then(function (state) {
        apply(state);
        say(on ? strings.bookmarked : strings.unbookmarked);
        loadMine();
      }, fail);
    } else if (action === "report") {
      post("reading_report", {}).then(showReport, fail);
    }
  });

  function loadMine() {
    var list = root.querySelector("[data-role=mine-list]");
    if (!list) { return; }
    post("my_bookmarks", {}).then(function (data) {
      list.textContent = "";
      if (!data.bookmarks.length) { list.appendChild(kit.el("li", { text: strings.myListEmpty })); }
      data.bookmarks.forEach(function (mark) {
        var meta = [mark.authors, mark.year].filter(Boolean).join(", ");
        var link = mark.url ? kit.el("a", { href: mark.url, target: "_blank", rel: "noopener noreferrer", text: mark.title })
          : kit.el("span", { text: mark.title });
        list.appendChild(kit.el("li", {}, [link, meta ? " — " + meta : ""]));
      });
    }, fail);
  }

  function showReport(data) {
    var table = root.querySelector("[data-role=report]");
    var body = root.querySelector("[data-role=report-body]");
    body.textContent = "";
    data.items.forEach(function (item) {
      body.appendChild(kit.el("tr", {}, [
        kit.el("th", { scope: "row", text: item.title }),
        kit.el("td", { text: kit.fmt(strings.learners, { count: item.opened }) }),
        kit.el("td", { text: kit.fmt(strings.learners, { count: item.read }) })
      ]));
    });
    table.hidden = false;
  }

  var mine = root.querySelector("[data-role=mine]");
  if (mine) { mine.hidden = false; }
  if (mine) { mine.addEventListener("toggle", function () { if (mine.open) { loadMine(); } }); }
}
