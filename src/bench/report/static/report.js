
document.addEventListener('mouseover', function (ev) {
  var panel = document.getElementById('panel'), parts = [], el = ev.target;
  while (el && el.closest && (el = el.closest('[data-layer][title]'))) {
    parts.push(el.getAttribute('title')); el = el.parentElement;
  }
  panel.textContent = parts.join('\n\n');
  panel.style.display = parts.length ? 'block' : 'none';
});
document.querySelectorAll('.controls input').forEach(function (box) {
  box.addEventListener('change', function () {
    document.body.classList.toggle('hide-' + box.value, !box.checked);
  });
});
