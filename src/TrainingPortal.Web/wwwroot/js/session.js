// Warns before an idle sign-in ends and keeps it on request (WCAG 2.2.1). The server says how many seconds the sign-in
// has left (data-remaining), counted from when the page arrived, so the browser's clock need not agree with the server's.
(function () {
  const box = document.getElementById('session-warning');
  if (!box || !window.fetch) {
    return;
  }

  const button = box.querySelector('button');
  const warnBefore = Number(box.dataset.warnBefore) * 1000;
  let timer;
  let focusBefore = null;

  function schedule(remainingSeconds) {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      focusBefore = document.activeElement;
      box.hidden = false;
      button.focus();
    }, Math.max(0, remainingSeconds * 1000 - warnBefore));
  }

  button.addEventListener('click', function () {
    fetch(box.dataset.keepAlive, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(new Error(String(response.status))); })
      .then(function (session) {
        box.hidden = true;
        if (focusBefore && focusBefore !== document.body) {
          focusBefore.focus();
        }
        schedule(session.remainingSeconds);
      })
      // Signed out meanwhile (the answer is the sign-in page, not JSON): show it.
      .catch(function () { window.location.reload(); });
  });

  schedule(Number(box.dataset.remaining));
})();
