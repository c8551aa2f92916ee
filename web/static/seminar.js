// The seminar's students' page, the projector and the teacher's results page (web/seminar_pages.py). No library, no inline
// script (the CSP allows scripts from this site only); every text is set with textContent.
(function () {
  "use strict";
  var script = document.currentScript;
  var code = script.getAttribute("data-code");
  var api = "/api/v1/seminars/" + encodeURIComponent(code);

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().then(function (json) {
        return { ok: response.ok, json: json };
      });
    });
  }

  // the reason starts with the right answer ("FDA-approved: ...", "Not offered. ..."): the verdict only says how
  // the choice fared
  var VERDICTS = {
    correct: "Right.",
    wrong_status: "Not quite.",
    missed: "Not quite.",
    extra: "Not quite.",
    unsure: "The answer:"
  };

  // ---- the students' page: each choice is scored at once; a case's choices are sent when all are made ----
  function student(section) {
    var caseId = section.getAttribute("data-case-id");
    var facts = JSON.parse(section.getAttribute("data-case"));
    var items = section.querySelectorAll("li.item");
    var chosen = {};
    var sent = false;
    items.forEach(function (item) {
      var regimen = item.getAttribute("data-regimen");
      var reason = item.querySelector(".item-reason");
      item.querySelectorAll("input[type=radio]").forEach(function (radio) {
        radio.addEventListener("change", function () {
          chosen[regimen] = radio.value;
          item.querySelectorAll("input[type=radio]").forEach(function (r) { r.disabled = true; });
          var one = {};
          one[regimen] = radio.value;
          post("/api/v1/learner/score", { case: facts, choices: one }).then(function (result) {
            var scored = (result.json.score ? result.json.score.items : []).filter(function (i) {
              return i.regimen_id === regimen;
            })[0];
            if (!scored) {
              reason.textContent = result.json.message || "The choice could not be scored.";
              return;
            }
            item.setAttribute("data-verdict", scored.verdict);
            reason.textContent = VERDICTS[scored.verdict] + " " + scored.reason;
            if (!sent && Object.keys(chosen).length === items.length) {
              sent = true;  // the last item's answer may not be the last to come back: send once
              send(section, caseId, chosen);
            }
          });
        });
      });
    });
  }

  function send(section, caseId, chosen) {
    var out = section.querySelector(".case-score");
    post(api + "/responses", { case_id: caseId, choices: chosen }).then(function (result) {
      if (!result.ok) {
        out.textContent = "Not recorded: " + result.json.message;
        return;
      }
      var s = result.json.score;
      section.setAttribute("data-recorded", "true");
      out.textContent = "Recorded. " + s.correct + " of " + s.total + " (" + s.percent + "%). " +
        (s.passed ? "Passed." : "Not yet a pass.");
    });
  }

  // ---- the results page: the teacher's token stays in this tab (sessionStorage), never in the address sent ----
  function results(box) {
    var form = document.getElementById("token-form");
    var status = document.getElementById("results-status");
    var values = box.getAttribute("data-choices").split(" ");
    var labels = box.getAttribute("data-labels").split("|");
    var key = "her2-cds-token-" + code;
    var match = /token=([^&]+)/.exec(window.location.hash);
    if (match) {
      sessionStorage.setItem(key, decodeURIComponent(match[1]));
      history.replaceState(null, "", window.location.pathname);
    }

    function cell(row, tag, text, scope) {
      var el = document.createElement(tag);
      el.textContent = text;
      if (scope) { el.setAttribute("scope", scope); }
      row.appendChild(el);
      return el;
    }

    function draw(data) {
      box.textContent = "";
      data.cases.forEach(function (c) {
        var section = document.createElement("section");
        section.className = "results-case";
        section.setAttribute("data-case-id", c.case_id);
        section.setAttribute("data-responses", c.responses);
        var h = document.createElement("h2");
        h.textContent = c.title + ": " + c.responses + (c.responses === 1 ? " student answered" : " students answered");
        section.appendChild(h);
        if (c.scope_note) {  // a case out of scope: its note once, its regimens' reasons only "Not offered."
          var note = document.createElement("p");
          note.className = "scope";
          note.textContent = c.scope_note;
          section.appendChild(note);
        }
        var wrap = document.createElement("div");
        wrap.className = "table-scroll";
        var table = document.createElement("table");
        var head = table.createTHead().insertRow();
        cell(head, "th", "Regimen", "col");
        cell(head, "th", "Answer", "col");
        labels.forEach(function (label) { cell(head, "th", label, "col"); });
        cell(head, "th", "Why", "col");
        var body = table.createTBody();
        c.regimens.forEach(function (r) {
          var row = body.insertRow();
          row.setAttribute("data-regimen", r.regimen_id);
          cell(row, "th", r.name, "row");
          cell(row, "td", labels[values.indexOf(r.key)] || r.key);
          values.forEach(function (v) {
            var td = cell(row, "td", String(r.counts[v] || 0));
            td.setAttribute("data-choice", v);
            if (v === r.key) { td.className = "key"; }
          });
          cell(row, "td", r.reason);
        });
        wrap.appendChild(table);
        section.appendChild(wrap);
        box.appendChild(section);
      });
    }

    function load() {
      var token = sessionStorage.getItem(key);
      if (!token) { return; }
      fetch(api + "/results", { headers: { Authorization: "Bearer " + token, Accept: "application/json" } })
        .then(function (response) {
          return response.json().then(function (json) { return { ok: response.ok, json: json }; });
        })
        .then(function (result) {
          if (!result.ok) {
            status.textContent = result.json.message;
            return;
          }
          form.hidden = true;
          status.textContent = result.json.responses + " responses in all.";
          draw(result.json);
        });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      sessionStorage.setItem(key, form.querySelector("#token").value.trim());
      load();
    });
    load();
    window.setInterval(load, 10000);
  }

  // ---- the projector: the teacher token (from the created page's link, or the results page, in this tab) fills
  //      each reveal form, so one click reveals an answer; without a script the teacher types it once ----
  function projector(forms) {
    var key = "her2-cds-token-" + code;
    var match = /token=([^&]+)/.exec(window.location.hash);
    if (match) {
      sessionStorage.setItem(key, decodeURIComponent(match[1]));
      history.replaceState(null, "", window.location.pathname);
    }
    var token = sessionStorage.getItem(key);
    if (!token) { return; }
    forms.forEach(function (form) {
      var field = form.querySelector(".teacher-token");
      if (field) {
        field.querySelector("input").value = token;
        field.hidden = true;
      }
    });
  }

  var box = document.getElementById("results");
  if (box) {
    results(box);
  }
  var reveals = document.querySelectorAll("form.reveal-form");
  if (reveals.length) {
    projector(reveals);
  }
  document.querySelectorAll("section.seminar-case").forEach(student);
})();
