// Shows upload progress for large staff files, then the server's check (which replaces the page).
// The words come from the form's data-uploading, data-checking and data-failed attributes, in the page's language.
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
    const status = document.getElementById('upload-status');
    const failed = document.getElementById('upload-failed');
    const button = form.querySelector('button[type=submit]');
    panel.hidden = false;
    button.disabled = true;
    failed.textContent = '';
    status.textContent = form.dataset.uploading || 'Uploading…';

    const request = new XMLHttpRequest();
    request.open('POST', form.action || window.location.href);
    request.upload.addEventListener('progress', function (e) {
      if (e.lengthComputable) {
        const percent = Math.round((e.loaded / e.total) * 100);
        bar.value = percent;
        label.textContent = (form.dataset.uploading || 'Uploading…') + ' ' + percent + ' %';
      }
    });
    request.upload.addEventListener('load', function () {
      bar.removeAttribute('value');
      label.textContent = form.dataset.checking || 'Checking every row…';
      status.textContent = label.textContent;
    });
    request.addEventListener('load', function () {
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener('error', function () {
      panel.hidden = true;
      status.textContent = '';
      failed.textContent = form.dataset.failed || 'The upload failed. Check your connection and try again.';
      button.disabled = false;
      button.focus();
    });
    request.send(new FormData(form));
  });
})();
