// The import follow-up page, kept up to date while an import runs: every few seconds the list is
// read again and replaced, and screen readers hear what changed (aria-live). Without script, the
// page's « Actualiser » link does the same by hand. The person can stop and resume it.
(function () {
  var list = document.getElementById("liste-imports");
  var toggle = document.getElementById("actualisation-auto");
  if (!list || !toggle) return;
  var running = true;
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    running = !running;
    toggle.textContent = running ? "Arrêter l'actualisation automatique" : "Reprendre l'actualisation automatique";
    toggle.setAttribute("aria-pressed", running ? "false" : "true");
  });
  function refresh() {
    if (!running || !list.querySelector("[data-en-cours]")) return;
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("liste-imports");
        if (fresh && fresh.innerHTML !== list.innerHTML) list.innerHTML = fresh.innerHTML;
      })
      .catch(function () {});
  }
  window.setInterval(refresh, 3000);
})();
