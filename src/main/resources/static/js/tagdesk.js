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

// The tag form's colour. A suggested swatch (data-color-choice) fills the colour field, which htmx then
// checks again. Picking a colour, by hand or by swatch, ends the form's own choice (#colorAuto); until
// then a new tag's colour follows the group: the check then carries the group's starting colour
// (data-start-color) and it goes into the field.
document.addEventListener('input', function (event) {
  if (event.target.id === 'color') {
    const auto = document.getElementById('colorAuto');
    if (auto) {
      auto.value = 'false';
    }
  }
});

document.addEventListener('click', function (event) {
  const choice = event.target.closest && event.target.closest('[data-color-choice]');
  const input = document.getElementById('color');
  if (choice && input) {
    input.value = choice.getAttribute('data-color-choice').toLowerCase();
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.focus();
  }
});

document.addEventListener('htmx:load', function (event) {
  const check = event.target;
  const start = check.getAttribute && check.getAttribute('data-start-color');
  const auto = document.getElementById('colorAuto');
  const input = document.getElementById('color');
  if (start && input && auto && auto.value === 'true') {
    input.value = start.toLowerCase();
  }
});

// The department tree picker (rule and tag forms): ▸ / ▾ beside a department shows or hides its
// children. The first opening of a department whose children are not on the page yet also loads them
// (htmx, declared on the button).
document.addEventListener('click', function (event) {
  const toggle = event.target.closest && event.target.closest('[data-tree-toggle]');
  if (!toggle) {
    return;
  }
  const children = document.getElementById(toggle.getAttribute('aria-controls'));
  const open = toggle.getAttribute('aria-expanded') !== 'true';
  toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  if (children) {
    children.hidden = !open;
  }
});

// "Copy" beside a value shown once (a new access token): copies the field named by data-copy-target
// and says so on the button (data-copied).
document.addEventListener('click', function (event) {
  const button = event.target.closest && event.target.closest('[data-copy-target]');
  if (!button) {
    return;
  }
  const field = document.getElementById(button.getAttribute('data-copy-target'));
  if (!field) {
    return;
  }
  const done = function () {
    button.textContent = button.getAttribute('data-copied') || button.textContent;
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, function () {
      field.select();
    });
  } else {
    field.select();
    if (document.execCommand && document.execCommand('copy')) {
      done();
    }
  }
});
