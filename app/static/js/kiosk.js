// Walk-in tablet: after some minutes without a touch, start again for the next visitor.
(function () {
  var last = Date.now();
  ["pointerdown", "keydown", "input", "scroll", "touchstart"].forEach(function (name) {
    document.addEventListener(name, function () { last = Date.now(); }, { passive: true });
  });
  setInterval(function () {
    var seconds = Number(document.body.dataset.idleSeconds || 180);
    if (Date.now() - last > seconds * 1000) {
      window.location.replace("/kiosk/opnieuw");
    }
  }, 1000);
})();
