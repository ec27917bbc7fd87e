// TagDesk's only script besides htmx. Kept in a file because the CSP forbids inline scripts.
document.addEventListener('submit', function (event) {
  const form = event.target;
  const question = form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
}, true);
