// A print button for the handout. Without JavaScript the browser's own print works.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
