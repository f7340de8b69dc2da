// printgen serve: the preview follows the form, and a job's page follows its progress.
// The page works without this script (Show preview, and a refreshing job page).
(function () {
  "use strict";
  var form = document.getElementById("choices");
  if (form) {
    var timer = null, asked = 0;
    var fields = ["layout", "lang", "lang2", "venue", "offset", "back_offset", "allow_stale"];
    var query = function () {
      var data = new FormData(form), params = new URLSearchParams();
      params.set("token", data.get("token"));
      fields.forEach(function (name) {
        var value = data.get(name);
        if (value) { params.set(name, value); }
      });
      if (!data.get("lang2")) { params.set("lang2", ""); }
      return params;
    };
    var showErrors = function (errors) {
      fields.concat(["venues_csv"]).forEach(function (name) {
        var box = document.getElementById("error-" + name);
        var input = document.getElementById(name) || form.querySelector("[name=" + name + "]");
        if (!box || name === "venues_csv") { return; }
        if (errors[name]) {
          box.textContent = errors[name]; box.hidden = false;
          if (input) { input.setAttribute("aria-invalid", "true"); }
        } else {
          box.textContent = ""; box.hidden = true;
          if (input) { input.removeAttribute("aria-invalid"); }
        }
      });
    };
    var update = function () {
      var params = query(), mine = ++asked;
      var status = document.getElementById("preview-status");
      status.textContent = "Updating the preview...";
      fetch("preview?" + params.toString(), {headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (mine !== asked) { return; }
          showErrors(data.errors);
          var box = document.getElementById("preview-images");
          var layout = params.get("layout");
          box.textContent = "";
          data.images.forEach(function (src, i) {
            var img = document.createElement("img");
            img.className = "page-image";
            img.alt = "Preview of page " + (i + 1) + " of " + layout;
            img.src = src;
            box.appendChild(img);
          });
          box.setAttribute("data-layout", layout);
          var notes = document.getElementById("preview-warnings");
          var list = notes.querySelector("ul");
          list.textContent = "";
          (data.plain_warnings || data.warnings).forEach(function (w) {
            var li = document.createElement("li"); li.textContent = w; list.appendChild(li);
          });
          notes.hidden = data.warnings.length === 0;
          status.textContent = data.images.length
            ? layout + ": page 1" + (data.images.length > 1 ? " to " + data.images.length : "") + " of " + data.pages + "."
            : "No preview: see the message by the field.";
          window.history.replaceState(null, "", "?" + params.toString());
        })
        .catch(function () { status.textContent = "The preview could not be updated; press Show preview."; });
    };
    var later = function (ms) { clearTimeout(timer); timer = setTimeout(update, ms); };
    var second = document.getElementById("lang2");
    var followLayout = function (radio) {       // a second language only for a bilingual layout
      var pair = radio.getAttribute("data-lang2");
      second.disabled = !pair;
      second.value = pair && second.value && second.value !== document.getElementById("lang").value ? second.value : pair;
    };
    form.addEventListener("change", function (e) {
      if (e.target.name === "layout") { followLayout(e.target); }
      if (e.target.name !== "venues_csv") { later(50); }
    });
    form.addEventListener("input", function (e) { if (e.target.type === "text") { later(400); } });
  }
  var job = document.getElementById("job");
  if (job && ["waiting", "running", "cancelling"].indexOf(job.getAttribute("data-state")) >= 0) {
    var poll = function () {
      fetch(job.getAttribute("data-progress")).then(function (r) { return r.json(); }).then(function (data) {
        var bar = document.getElementById("job-progress");
        bar.max = data.total || 1; bar.value = data.done;
        document.getElementById("job-status").textContent = data.done + " of " + data.total + " files: " + data.state + ".";
        if (data.state !== job.getAttribute("data-state") && ["done", "cancelled", "failed"].indexOf(data.state) >= 0) {
          window.location.reload();
        } else { setTimeout(poll, 500); }
      }).catch(function () { setTimeout(poll, 2000); });
    };
    setTimeout(poll, 500);
  }
})();
