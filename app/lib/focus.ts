/**
 * Whether the keyboard focus is nowhere: on <body>, where the browser leaves it when the focused element is
 * removed (a control replaced by the answer, a link gone with its page). Code that places the focus after such
 * a change does so only then, so it never takes the focus from where the person has moved on to.
 */
export function focusIsLost(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body;
}
