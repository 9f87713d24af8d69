// Shows upload progress for large staff files, then the server's report (which replaces the page).
(function () {
  const form = document.getElementById('import-form');
  if (!form || !window.XMLHttpRequest || !window.FormData) {
    return;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    const panel = document.getElementById('import-progress');
    const bar = document.getElementById('upload-progress');
    const label = document.getElementById('upload-label');
    panel.hidden = false;
    form.querySelector('button[type=submit]').disabled = true;

    const request = new XMLHttpRequest();
    request.open('POST', form.action || window.location.href);
    request.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable) {
        const percent = Math.round((e.loaded / e.total) * 100);
        bar.value = percent;
        label.textContent = 'Uploading… ' + percent + ' %';
      }
    });
    request.upload.addEventListener('load', function () {
      bar.removeAttribute('value');
      label.textContent = 'Checking every row and importing…';
    });
    request.addEventListener('load', function () {
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener('error', function () {
      label.textContent = 'The upload failed. Check your connection and try again.';
      form.querySelector('button[type=submit]').disabled = false;
    });
    request.send(new FormData(form));
  });
})();
