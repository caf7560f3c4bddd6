// corroborate serve: the only script of the pages (no inline script: the CSP forbids it).
// Adds the chosen files to the store one at a time, with the upload progress of each
// and the result of its ingest.
(function () {
  "use strict";
  var form = document.getElementById("upload");
  if (!form) return;
  var input = document.getElementById("files");
  var box = document.getElementById("progress");
  var bar = document.getElementById("bar");
  var label = document.getElementById("progress-text");
  var results = document.getElementById("results");
  var limit = parseInt(form.getAttribute("data-limit"), 10);

  function row(name, status, story, href) {
    var tr = document.createElement("tr");
    var cells = [name, status, ""];
    cells.forEach(function (text) {
      var td = document.createElement("td");
      td.textContent = text;  // text, never markup
      tr.appendChild(td);
    });
    tr.className = "upload-" + status.replace(/[^a-z-]/g, "");
    if (story && href) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = story;
      tr.lastChild.appendChild(a);
    }
    results.tBodies[0].appendChild(tr);
    results.hidden = false;
  }

  function send(files, n) {
    if (n >= files.length) {
      bar.value = 1;
      label.textContent = files.length + " of " + files.length + " files done";
      form.querySelector("button").disabled = false;
      return;
    }
    var file = files[n];
    var done = n / files.length;
    label.textContent = "file " + (n + 1) + " of " + files.length + ": sending " + file.name;
    bar.value = done;
    if (file.size > limit) {
      row(file.name, "too-large", null, null);
      send(files, n + 1);
      return;
    }
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/upload");
    xhr.upload.onprogress = function (ev) {
      if (ev.lengthComputable) bar.value = done + (ev.loaded / ev.total) * 0.5 / files.length;
    };
    xhr.upload.onload = function () {
      label.textContent = "file " + (n + 1) + " of " + files.length + ": reading " + file.name;
      bar.value = done + 0.5 / files.length;
    };
    xhr.onload = function () {
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      if (xhr.status === 200 && data) {
        row(file.name, data.status + (data.error ? ": " + data.error : ""), data.story, data.href);
      } else {
        var detail = data && data.detail ? data.detail : xhr.statusText;
        row(file.name, "refused (" + xhr.status + "): " + detail, null, null);
      }
      send(files, n + 1);
    };
    xhr.onerror = function () {
      row(file.name, "failed: the server did not answer", null, null);
      send(files, n + 1);
    };
    var body = new FormData();
    body.append("file", file, file.name);
    xhr.send(body);
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var files = Array.prototype.slice.call(input.files);
    if (!files.length) return;
    form.querySelector("button").disabled = true;
    box.hidden = false;
    send(files, 0);
  });
})();
