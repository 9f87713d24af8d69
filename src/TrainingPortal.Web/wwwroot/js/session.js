// Warns before a sign-in ends (WCAG 2.2.1). The server says how many seconds it has left (data-remaining), counted from
// when the page arrived, so the browser's clock need not agree with the server's, and whether keeping it could give it
// longer (data-renewable): an idle sign-in can be kept; one at its ten-hour limit cannot, and the warning says so.
(function () {
  const box = document.getElementById('session-warning');
  if (!box || !window.fetch) {
    return;
  }

  const renewable = box.querySelector('[data-when=renewable]');
  const final = box.querySelector('[data-when=final]');
  const keep = box.querySelector('[data-action=keep]');
  const close = box.querySelector('[data-action=close]');
  const warnBefore = Number(box.dataset.warnBefore) * 1000;
  let timer;
  let focusBefore = null;

  function hide() {
    box.hidden = true;
    if (focusBefore && focusBefore !== document.body) {
      focusBefore.focus();
    }
  }

  function show(canKeep) {
    focusBefore = document.activeElement;
    renewable.hidden = !canKeep;
    final.hidden = canKeep;
    box.setAttribute('aria-labelledby', canKeep ? 'session-warning-text' : 'session-limit-text');
    box.hidden = false;
    (canKeep ? keep : close).focus();
  }

  function schedule(remainingSeconds, canKeep) {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { show(canKeep); }, Math.max(0, remainingSeconds * 1000 - warnBefore));
  }

  keep.addEventListener('click', function () {
    fetch(box.dataset.keepAlive, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (response.redirected) {
          // Signed out meanwhile: the answer is the sign-in page. Show it.
          window.location.reload();
          return null;
        }

        return response.ok ? response.json() : Promise.reject(new Error(String(response.status)));
      })
      .then(function (session) {
        if (session) {
          hide();
          schedule(session.remainingSeconds, session.renewable);
        }
      })
      // The network or the server failed, not the sign-in: reloading would lose what the page holds, so the warning
      // stays for another try.
      .catch(function () { keep.focus(); });
  });

  // At the ten-hour limit nothing keeps the sign-in: the warning is read, then closed, and not shown again.
  close.addEventListener('click', function () {
    window.clearTimeout(timer);
    hide();
  });

  schedule(Number(box.dataset.remaining), box.dataset.renewable === 'true');
})();
