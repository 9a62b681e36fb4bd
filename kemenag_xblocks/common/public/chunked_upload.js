/* Resumable uploads shared by the Kemenag blocks (server side: kemenag_xblocks/common/chunked.py).
 *
 * KemenagChunkedUpload.upload({file, urls, scope, csrfToken, onProgress, onWait}) sends a file in
 * chunks through the block's upload_start / upload_status / upload_chunk handlers and resolves with
 * {uploadId, forget}; the block then finishes it with its own handler and calls forget().
 * The upload id and the file's SHA-256 are kept in localStorage under the block (scope) and the
 * file's name, size and date, so after a reload or a dropped line choosing the same file again
 * continues from the last chunk the server confirmed. A lost connection is retried, after the
 * browser reports it is back online, before the promise fails. */
(function () {
  "use strict";
  var PREFIX = "kemenag-upload:";
  var RETRIES = 5;
  var CHUNK = 1024 * 1024;

  function supported() {
    try {
      return !!(window.crypto && window.crypto.subtle && window.localStorage && window.Blob && Blob.prototype.slice);
    } catch (e) { return false; }
  }
  /* About an eighth of the file per chunk, whole MB, 1 to 8 MB: few requests, and on a line whose
   * connections idle between chunks, few restarts of TCP's window. The server may give less. */
  function chunkFor(size) { return Math.min(8, Math.max(1, Math.ceil(size / 8 / CHUNK))) * CHUNK; }
  /* Worth sending resumably: larger than one chunk (the server's, 1 MB), in a browser that can. */
  function wanted(file) { return file.size > CHUNK && supported(); }
  function keyOf(scope, file) {
    return PREFIX + scope + ":" + [file.name, file.size, file.lastModified || 0].join(":");
  }
  function load(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function save(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: no resume */ }
  }
  function forget(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
  }
  /* Names of this block's interrupted uploads, to tell the learner they can continue. */
  function pending(scope) {
    var names = [];
    try {
      for (var i = 0; i < window.localStorage.length; i += 1) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(PREFIX + scope + ":") === 0) {
          var saved = load(key);
          if (saved && saved.name) { names.push(saved.name); }
        }
      }
    } catch (e) { /* storage unavailable */ }
    return names;
  }
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function sha256(file) {
    return file.arrayBuffer().then(function (data) { return window.crypto.subtle.digest("SHA-256", data); }).then(hex);
  }
  function withQuery(url, params) {
    var query = Object.keys(params).map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]); }).join("&");
    return url + (url.indexOf("?") === -1 ? "?" : "&") + query;
  }

  /* One request; resolves {status, body}; rejects only when the network failed. */
  function send(url, body, contentType, csrfToken, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open("POST", url);
      xhr.setRequestHeader("X-CSRFToken", csrfToken);
      xhr.setRequestHeader("Content-Type", contentType);
      if (onProgress) {
        xhr.upload.addEventListener("progress", function (event) { if (event.lengthComputable) { onProgress(event.loaded); } });
      }
      xhr.onload = function () {
        var parsed = {};
        try { parsed = JSON.parse(xhr.responseText); } catch (e) { parsed = {}; }
        resolve({ status: xhr.status, body: parsed });
      };
      xhr.onerror = xhr.onabort = xhr.ontimeout = function () { reject(new Error("network")); };
      xhr.send(body);
    });
  }
  function failure(answer, fallback) {
    return Object.assign(new Error((answer.body && answer.body.error) || fallback), { body: answer.body, status: answer.status });
  }
  function whenOnline(attempt) {
    var delay = Math.min(30000, 1000 * Math.pow(2, attempt));
    return new Promise(function (resolve) {
      if (navigator.onLine === false) {
        window.addEventListener("online", function again() { window.removeEventListener("online", again); resolve(); });
      } else { setTimeout(resolve, delay); }
    });
  }

  function upload(options) {
    var file = options.file;
    var urls = options.urls;
    var key = keyOf(options.scope, file);
    var failed = options.failed || "Upload failed";
    var json = function (url, payload) { return send(url, JSON.stringify(payload), "application/json", options.csrfToken); };
    var progress = options.onProgress || function () {};

    function resume() {
      var saved = load(key);
      if (!saved || !saved.id) { return Promise.resolve(null); }
      return json(urls.upload_status, { upload_id: saved.id }).then(function (answer) {
        if (answer.status === 200) { return answer.body; }
        forget(key);
        return null;
      });
    }
    function begin() {
      var saved = load(key);
      var hashed = saved && saved.sha256 ? Promise.resolve(saved.sha256) : sha256(file);
      return hashed.then(function (digest) {
        var ask = { name: file.name, size: file.size, sha256: digest, chunk_size: chunkFor(file.size) };
        return json(urls.upload_start, ask).then(function (answer) {
          if (answer.status !== 200) { throw failure(answer, failed); }
          save(key, { id: answer.body.upload_id, sha256: digest, name: file.name });
          return answer.body;
        });
      });
    }
    /* One chunk at a time, each as large as the page asked (chunkFor): on a 50 ms line the round
     * trip between chunks is then a small share of each chunk. The server also accepts a second
     * chunk in flight (pipelined=1), not used here yet. */
    function sendFrom(session, attempt) {
      var offset = session.received;
      progress(offset / file.size);
      if (offset >= file.size) { return Promise.resolve(session); }
      var end = Math.min(file.size, offset + session.chunk_size);
      var url = withQuery(urls.upload_chunk, { upload_id: session.upload_id, offset: offset });
      return send(url, file.slice(offset, end), "application/octet-stream", options.csrfToken, function (loaded) {
        progress((offset + loaded) / file.size);
      }).then(function (answer) {
        if (answer.status === 200) { return sendFrom(answer.body, 0); }
        if (answer.status === 409 && typeof answer.body.received === "number") {
          /* The server has more (or less) than we thought: continue from what it confirmed. */
          return sendFrom(Object.assign({}, session, { received: answer.body.received }), attempt);
        }
        if (answer.status === 404) { forget(key); }
        if (answer.status >= 500 && attempt < RETRIES) { return whenOnline(attempt).then(function () { return sendFrom(session, attempt + 1); }); }
        throw failure(answer, failed);
      }, function () {
        if (attempt >= RETRIES) { throw new Error(failed); }
        if (options.onWait) { options.onWait(); }
        return whenOnline(attempt).then(function () {
          /* Ask what arrived: the last chunk may have been stored before the line dropped. */
          return json(urls.upload_status, { upload_id: session.upload_id }).then(function (answer) {
            return sendFrom(answer.status === 200 ? answer.body : session, attempt + 1);
          }, function () { return sendFrom(session, attempt + 1); });
        });
      });
    }
    return resume().then(function (session) { return session || begin(); })
      .then(function (session) { return sendFrom(session, 0); })
      .then(function (session) {
        progress(1);
        return { uploadId: session.upload_id, forget: function () { forget(key); } };
      });
  }

  window.KemenagChunkedUpload = { supported: supported, wanted: wanted, upload: upload, pending: pending, sha256: sha256, forget: function (scope, file) { forget(keyOf(scope, file)); } };
}());
