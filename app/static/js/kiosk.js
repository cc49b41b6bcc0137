// Walk-in tablet: nothing of one visitor stays for the next.
(function () {
  var body = document.body;
  var warning = document.querySelector("[data-idle-warning]");
  var last = Date.now();

  function startAgain() {
    // Replace this page instead of adding one to the history.
    window.location.replace("/kiosk/opnieuw");
  }

  function active() {
    last = Date.now();
    if (warning && !warning.hidden) warning.hidden = true;
  }

  ["pointerdown", "keydown", "input", "scroll", "touchstart"].forEach(function (name) {
    document.addEventListener(name, active, { passive: true });
  });

  // Within a visit each page replaces the one before in the tab's history, so a visit
  // leaves one entry, and the new start replaces that one too. Links to other sites and
  // links within the page work as usual.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey
        || event.metaKey || event.shiftKey || event.altKey || link.target) return;
    var url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin) return;
    if (url.hash && url.pathname === window.location.pathname
        && url.search === window.location.search) return;
    event.preventDefault();
    if (link.classList.contains("new-visitor")) {
      startAgain();
    } else {
      window.location.replace(url.href);
    }
  });

  // A posted form is sent in the background; its answer replaces this page.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || form.method !== "post") return;
    event.preventDefault();
    var fields = new URLSearchParams(new FormData(form, event.submitter || null));
    fetch(form.action, { method: "POST", body: fields, credentials: "same-origin" })
      .then(function (response) { window.location.replace(response.url); })
      .catch(function () { form.submit(); });
  });

  // Some minutes without a touch: first ask whether the visitor is still there.
  setInterval(function () {
    var idle = Number(body.dataset.idleSeconds || 180) * 1000;
    var warn = Number(body.dataset.warningSeconds || 20) * 1000;
    var quiet = Date.now() - last;
    if (quiet > idle) {
      startAgain();
    } else if (warning && warning.hidden && quiet > idle - warn) {
      warning.hidden = false;
      warning.querySelector("button").focus();
    }
  }, 250);

  // A page the browser kept in its back-forward cache may still show an earlier visitor's
  // words; ask the server again, which has forgotten them after a new start.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) window.location.reload();
  });
})();
