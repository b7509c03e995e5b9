// Site-wide behaviour wired by data attributes: the Content-Security-Policy forbids inline handlers (onchange=...).
document.addEventListener("change", function (event) {
  var field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.submit();
});

// <form data-submit-once>: a second press while the first submission runs sends nothing; the buttons disable
// themselves (after the submission has started, so a button's own name/value still goes with it), take their
// data-busy-text, and the form's [data-submit-progress] element shows. Without JavaScript the form still
// works, and the server refuses the second submission itself.
document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-submit-once]");
  if (!form) return;
  if (form.dataset.submitting) {
    event.preventDefault();
    return;
  }
  form.dataset.submitting = "1";
  window.setTimeout(function () {
    form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
      button.disabled = true;
      if (button.dataset.busyText) {
        button.dataset.idleText = button.textContent;
        button.textContent = button.dataset.busyText;
      }
    });
    form.querySelectorAll("[data-submit-progress]").forEach(function (progress) {
      progress.classList.remove("d-none");
    });
  }, 0);
});
// Back/forward cache: a page shown again must not keep its buttons disabled.
window.addEventListener("pageshow", function (event) {
  if (!event.persisted) return;
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    delete form.dataset.submitting;
    form.querySelectorAll("button, input[type=submit]").forEach(function (button) {
      button.disabled = false;
      if (button.dataset.idleText) button.textContent = button.dataset.idleText;
    });
    form.querySelectorAll("[data-submit-progress]").forEach(function (progress) {
      progress.classList.add("d-none");
    });
  });
});
