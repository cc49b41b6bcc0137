// "Read aloud": the page's main text in the page's language, with the browser's own
// speech synthesis (nothing is sent anywhere). Without a voice for the language, say so.
(function () {
  var box = document.querySelector("[data-read-aloud]");
  if (!box || !("speechSynthesis" in window)) return;
  var button = box.querySelector("button");
  var status = box.querySelector(".read-aloud-status");
  var label = button.textContent;
  var language = document.documentElement.lang;
  box.hidden = false;

  function voiceFor(lang) {
    return window.speechSynthesis.getVoices().find(function (voice) {
      return voice.lang.toLowerCase().split(/[-_]/)[0] === lang;
    });
  }

  function withVoices(callback) {
    if (window.speechSynthesis.getVoices().length) return callback();
    var done = false;
    function finish() { if (!done) { done = true; callback(); } }
    window.speechSynthesis.addEventListener("voiceschanged", finish, { once: true });
    setTimeout(finish, 1000);
  }

  function stop() {
    window.speechSynthesis.cancel();
    button.textContent = label;
  }

  button.addEventListener("click", function () {
    if (window.speechSynthesis.speaking) return stop();
    withVoices(function () {
      var voice = voiceFor(language);
      if (!voice) {
        status.textContent = status.dataset.noVoice;
        return;
      }
      status.textContent = "";
      var main = document.querySelector("main");
      var utterance = new SpeechSynthesisUtterance(main.innerText);
      utterance.lang = voice.lang;
      utterance.voice = voice;
      utterance.onend = stop;
      button.textContent = button.dataset.labelStop;
      window.speechSynthesis.speak(utterance);
    });
  });
})();
