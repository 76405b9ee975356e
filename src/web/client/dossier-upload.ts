/**
 * One-tap upload on the dossier checklist: in a form marked `data-upload-auto`, choosing a file
 * sends the form, so the "Tải lên" button (kept for pages without script, hidden by app.css when
 * script runs) is not a second tap. A file over the size limit is not sent: the file-size module
 * already says so next to the input.
 */
document.addEventListener('change', (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.files?.length) return;
  const form = input.form;
  if (!form || !form.hasAttribute('data-upload-auto')) return;
  const max = Number(input.dataset.maxBytes);
  if (Number.isFinite(max) && max > 0 && Array.from(input.files).some((f) => f.size > max)) return;
  form.classList.add('is-uploading');
  if (typeof form.requestSubmit === 'function') form.requestSubmit();
  else form.submit();
});
