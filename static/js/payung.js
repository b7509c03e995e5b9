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

// <div data-lazy-scripts="/static/a.js /static/b.js" data-lazy-styles="/static/a.css">: the code a part of a page
// needs (a map, charts) loads when that part comes near the screen, so a phone's first visit stays light. Styles
// first, then the scripts in order; the element then gets data-lazy-state="loaded". Several elements may list
// the same files: each loads once.
(function () {
  var files = {};
  function load(url, isStyle) {
    if (!files[url]) {
      files[url] = new Promise(function (resolve, reject) {
        var node = document.createElement(isStyle ? "link" : "script");
        if (isStyle) { node.rel = "stylesheet"; node.href = url; } else { node.src = url; node.async = false; }
        node.onload = resolve;
        node.onerror = reject;
        document.head.appendChild(node);
      });
    }
    return files[url];
  }
  function list(value) { return (value || "").split(/\s+/).filter(Boolean); }
  function wake(el) {
    if (el.dataset.lazyState) return;
    el.dataset.lazyState = "loading";
    Promise.all(list(el.dataset.lazyStyles).map(function (url) { return load(url, true); })).then(function () {
      return list(el.dataset.lazyScripts).reduce(function (done, url) {
        return done.then(function () { return load(url, false); });
      }, Promise.resolve());
    }).then(function () { el.dataset.lazyState = "loaded"; }, function () { el.dataset.lazyState = "failed"; });
  }
  function start() {
    var parts = document.querySelectorAll("[data-lazy-scripts], [data-lazy-styles]");
    if (!parts.length) return;
    if (!("IntersectionObserver" in window)) { parts.forEach(wake); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        wake(entry.target);
      });
    }, { rootMargin: "200px 0px" });
    parts.forEach(function (el) { observer.observe(el); });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
