// The edit form's live check: a pause in typing sends the form to be checked (never
// saved) and shows what `opas check` says beside each field, and a count in the status
// line. The form works the same without this script; submitting it still checks it.
(function () {
  'use strict';
  var form = document.querySelector('form[data-live]');
  var status = document.getElementById('live-status');
  if (!form || !status || !window.fetch || !window.URLSearchParams) return;
  var timer = null;
  var sent = 0;

  function ids(element) {
    return (element.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  }

  // Every message shown beside a field, the server's and the script's, is taken away.
  function clear() {
    var summary = document.querySelector('.error-summary');
    if (summary) summary.remove();
    form.querySelectorAll('.error-message').forEach(function (p) {
      var owner = form.querySelector('[aria-describedby~="' + p.id + '"]');
      if (owner) {
        var rest = ids(owner).filter(function (id) { return id !== p.id; });
        if (rest.length) owner.setAttribute('aria-describedby', rest.join(' '));
        else owner.removeAttribute('aria-describedby');
        owner.removeAttribute('aria-invalid');
      }
      p.remove();
    });
    form.querySelectorAll('.field.error').forEach(function (f) { f.classList.remove('error'); });
  }

  function show(answer) {
    clear();
    answer.errors.forEach(function (e, i) {
      var owner = e.field && document.getElementById(e.field);
      if (!owner) return;
      var p = document.createElement('p');
      p.className = 'error-message';
      p.id = e.field + '-live' + i;
      p.textContent = e.text;
      var wrapper = owner.closest('.field');
      (wrapper || owner.parentNode).insertBefore(p, owner.tagName === 'FIELDSET' ? null : owner);
      if (wrapper) wrapper.classList.add('error');
      owner.setAttribute('aria-describedby', ids(owner).concat([p.id]).join(' '));
      if (owner.tagName !== 'FIELDSET') owner.setAttribute('aria-invalid', 'true');
    });
    status.textContent = answer.summary;
  }

  function check() {
    var body = new URLSearchParams(new FormData(form));
    body.delete('_confirm');
    body.set('_live', '1');
    var mine = ++sent;
    fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (answer) { if (answer && mine === sent) show(answer); })
      .catch(function () {});
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(check, 500);
  }
  form.addEventListener('input', later);
  form.addEventListener('change', later);
})();
