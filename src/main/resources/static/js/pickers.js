// The rule form's tag pickers: selects with search and chips (Tom Select). Loaded after htmx and Tom
// Select (all deferred, in order), on the pages that have them. Every text
// comes from the page (data-* attributes, translated there); chips and options are built as DOM nodes
// with textContent, never from HTML strings, and nothing sets a style attribute.
(function () {
  'use strict';

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function isDeleted(data) {
    return data.deleted === 'true';
  }

  function tagPicker(select) {
    if (select.tomselect || typeof TomSelect === 'undefined') {
      return;
    }
    const multiple = select.multiple;
    const removeLabel = select.dataset.remove || '{0}';
    const picker = new TomSelect(select, {
      maxOptions: 500,
      placeholder: select.dataset.placeholder,
      // A picker of several tags keeps its search box (and its hint) beside the chips, focused or not,
      // so leaving it never changes its height and moves the fields below under the pointer.
      hidePlaceholder: !multiple,
      allowEmptyOption: false,
      // A pick closes the list, so it never lies over the next field to catch a click meant there;
      // typing again opens it, and the search starts afresh for the next tag.
      closeAfterSelect: true,
      onItemAdd: function () {
        this.setTextboxValue('');
        this.refreshOptions(false);
      },
      render: {
        option: function (data) {
          return element('div', isDeleted(data) ? 'td-deleted' : '', data.text);
        },
        item: function (data) {
          const chip = element('div', (multiple ? 'td-chip' : '') + (isDeleted(data) ? ' td-deleted' : ''));
          chip.appendChild(document.createTextNode(data.text));
          if (multiple) {
            const remove = element('button', 'td-chip-remove', '\u00d7');
            remove.type = 'button';
            remove.tabIndex = -1;
            remove.setAttribute('aria-label', removeLabel.replace('{0}', data.text));
            remove.dataset.value = data.value;
            chip.appendChild(remove);
          }
          return chip;
        },
        no_results: function () {
          return element('div', 'no-results', select.dataset.noResults || '');
        }
      }
    });
    if (multiple) {
      // A chip's × removes that tag; the mousedown must not open the dropdown first.
      picker.control.addEventListener('mousedown', function (event) {
        if (event.target.closest('.td-chip-remove')) {
          event.preventDefault();
          event.stopPropagation();
        }
      }, true);
      picker.control.addEventListener('click', function (event) {
        const remove = event.target.closest('.td-chip-remove');
        if (remove && !picker.isLocked) {
          event.preventDefault();
          event.stopPropagation();
          picker.removeItem(remove.dataset.value);
          picker.refreshOptions(false);
        }
      }, true);
    }
    if (select.matches(':disabled')) {
      picker.disable();
    }
  }

  // On the page and on whatever htmx swaps in (the condition builder after adding a clause).
  htmx.onLoad(function (root) {
    const selects = root.matches && root.matches('select[data-tag-picker]')
      ? [root]
      : root.querySelectorAll('select[data-tag-picker]');
    selects.forEach(tagPicker);
  });
})();
