// TagDesk's only script besides htmx. Kept in a file because the CSP forbids inline scripts.
document.addEventListener('submit', function (event) {
  const form = event.target;
  const question = form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);

// "Select all on this page": a checkbox with data-select-all="x" ticks every checkbox with data-select="x".
document.addEventListener('change', function (event) {
  const all = event.target.getAttribute && event.target.getAttribute('data-select-all');
  if (all) {
    document.querySelectorAll('input[data-select="' + all + '"]').forEach(function (box) {
      box.checked = event.target.checked;
    });
  }
});
