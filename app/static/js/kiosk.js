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

  document.addEventListener("click", function (event) {
    if (event.target.closest("a.new-visitor")) {
      event.preventDefault();
      startAgain();
    }
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
