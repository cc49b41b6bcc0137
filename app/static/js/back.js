// "Back to your results": the results page this one was opened from, as the browser's
// Back button would show it. Without JavaScript the link opens the search page.
(function () {
  document.querySelectorAll("[data-history-back]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (window.history.length > 1) {
        event.preventDefault();
        window.history.back();
      }
    });
  });
})();
