// The scenario page's sliders: each one says its value with its unit to screen readers
// (aria-valuetext), and the save form and the download links follow what the sliders show,
// so "Szenario speichern" and the files hold the scenario on screen. Without this script the
// page still works: the save form and the links carry the values the page was loaded with.
(function () {
  "use strict";
  function spoken(input) {
    var v = Number(input.value);
    var decimals = Number(input.dataset.decimals || "0");
    var text = v.toLocaleString(document.documentElement.lang || "de", {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    return input.dataset.unit ? text + " " + input.dataset.unit : text;
  }
  function sync(form) {
    var ranges = form.querySelectorAll("input[type=range]");
    var params = new URLSearchParams();
    ranges.forEach(function (r) {
      r.setAttribute("aria-valuetext", spoken(r));
      params.set(r.name, r.value);
      var saved = document.querySelector("#plan-save input[type=hidden][name='" + r.name + "']");
      if (saved) saved.value = r.value;
    });
    document.querySelectorAll("a[data-scenario-link]").forEach(function (a) {
      a.href = a.dataset.scenarioLink + "?" + params.toString();
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.sliders").forEach(function (form) {
      form.addEventListener("input", function () { sync(form); });
      sync(form);
    });
  });
})();
