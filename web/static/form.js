// Progressive enhancement of the case form: show the fields of the chosen setting at once.
// Without JavaScript the server renders the same view (the "Continue" / "Update" button reloads it).
(function () {
  "use strict";
  var form = document.querySelector("form.case-form");
  if (!form) {
    return;
  }
  var setting = form.querySelector("select[name=setting]");
  var answer = form.querySelector("[data-answer]");

  function update() {
    var chosen = setting.value;
    form.querySelectorAll(".field").forEach(function (field) {
      if (field.contains(setting)) {
        return;
      }
      var settings = field.getAttribute("data-settings").split(" ");
      var applies = chosen === "" ? !field.hidden && settings.length === 3 : settings.indexOf(chosen) !== -1;
      // a field not asked given another's value (menopausal status for a man): data-not-asked="sex=male"
      var notAsked = (field.getAttribute("data-not-asked") || "").split("=");
      var other = notAsked.length === 2 ? form.querySelector("[name=" + notAsked[0] + "]") : null;
      if (other && other.value === notAsked[1]) {
        applies = false;
      }
      field.hidden = !applies;
      field.querySelectorAll("input, select").forEach(function (control) {
        control.disabled = !applies;
      });
    });
    answer.hidden = chosen === "";
    answer.disabled = chosen === "";
  }

  form.querySelectorAll("[data-no-js]").forEach(function (button) {
    button.hidden = true;
  });
  setting.addEventListener("change", update);
  form.querySelectorAll("[data-not-asked]").forEach(function (field) {
    var other = form.querySelector("[name=" + field.getAttribute("data-not-asked").split("=")[0] + "]");
    if (other) {
      other.addEventListener("change", update);
    }
  });
})();
