// Region picker: clicking a search result copies its code into the code box (no inline scripts, CSP-friendly).
document.addEventListener("click", function (event) {
  var button = event.target.closest(".region-choice");
  if (!button) return;
  var input = document.getElementById(button.dataset.target);
  if (!input) return;
  input.value = button.dataset.code;
  var help = document.getElementById(button.dataset.target + "_help");
  if (help) help.textContent = button.dataset.label;
  var picker = button.closest(".region-picker");
  // An emptied search box: Enter in another field then sends the form instead of searching again.
  var search = picker && picker.querySelector("input[type=search]");
  if (search) search.value = "";
  var box = button.closest(".region-results-box");
  if (box) box.innerHTML = "";
});
