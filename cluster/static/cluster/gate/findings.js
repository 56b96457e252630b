/*
 * Every finding is a way to the fix (docs/gate.md, "Click to fix").
 *
 * A finding is a link with data attributes: data-block (0-based index among
 * the body's visible, non-deleted blocks), data-faq-item (0-based, among that
 * FAQ's items) and data-field (a page field's name). Clicking it scrolls the
 * editor to that place, opens it if it is collapsed or in another tab, and
 * puts the cursor in its first input.
 *
 * The same file runs in the editor (the messages) and in the validation
 * report of the preview panel (an iframe of the same origin), which hands the
 * click to the editor window.
 */
(function () {
  "use strict";

  var FOCUSABLE = '[contenteditable="true"], textarea, select, input:not([type="hidden"])';

  function isDeleted(child) {
    var deleted = child.querySelector(':scope > input[name$="-deleted"]');
    return Boolean(deleted && deleted.value === "1");
  }

  function children(container) {
    if (!container) return [];
    return Array.prototype.filter.call(
      container.querySelectorAll(":scope > [data-streamfield-child]"),
      function (child) {
        return !isDeleted(child);
      }
    );
  }

  function expand(element) {
    // Blocks and the FAQ's items collapse; their toggle says whether they are open.
    var toggle = element.querySelector("[data-panel-toggle]");
    if (toggle && toggle.getAttribute("aria-expanded") === "false") toggle.click();
  }

  function showTabOf(element) {
    var panel = element.closest('[role="tabpanel"]');
    if (!panel || !panel.id) return;
    var tab = document.querySelector('[role="tab"][aria-controls="' + panel.id + '"]');
    if (tab && tab.getAttribute("aria-selected") !== "true") tab.click();
  }

  function bodyStream() {
    var count = document.querySelector('input[name="body-count"]');
    return count && count.parentElement.querySelector("[data-streamfield-stream-container]");
  }

  function fieldElement(name) {
    var input = document.querySelector('[name="' + name + '"]');
    if (input) return input.closest("[data-field-wrapper]") || input.parentElement;
    if (name === "body") return bodyStream();
    return null;
  }

  function target(place) {
    if (place.block !== undefined) {
      var block = children(bodyStream())[Number(place.block)];
      if (block && place.faqItem !== undefined) {
        expand(block);
        var item = children(block.querySelector("[data-streamfield-list-container]"))[Number(place.faqItem)];
        return item || block;
      }
      return block;
    }
    return place.field ? fieldElement(place.field) : null;
  }

  function goToFinding(place) {
    var element = target(place);
    if (!element) return false;
    showTabOf(element);
    expand(element);
    element.scrollIntoView({ block: "center" });
    var focusable = Array.prototype.find.call(element.querySelectorAll(FOCUSABLE), function (el) {
      return el.getClientRects().length > 0 && !el.disabled;
    });
    if (focusable) focusable.focus({ preventScroll: true });
    return true;
  }

  window.clusterGoToFinding = goToFinding;

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-cluster-finding]");
    if (!link) return;
    var editor = window.parent !== window && window.parent.clusterGoToFinding;
    var go = editor || goToFinding;
    event.preventDefault();
    go({ block: link.dataset.block, faqItem: link.dataset.faqItem, field: link.dataset.field });
  });
})();
