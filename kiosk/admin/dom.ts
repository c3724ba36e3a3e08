type Child = Node | string | number | null | undefined | false;
type Props = Record<string, unknown>;

/** Sets a property the element has (value, checked, disabled, …) by its name, as `h` is given it. */
function setProperty(el: HTMLElement, key: string, value: unknown): void {
  Reflect.set(el, key, value);
}

/** Creates an element: `on*` props become listeners, `class` the class name, other known props are set, the rest become attributes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value as EventListener);
    else if (key === 'class') el.className = String(value);
    else if (key in el && !key.startsWith('aria') && !key.startsWith('data')) setProperty(el, key, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children, skipping empty ones. */
export function append(el: HTMLElement, children: Child[]): void {
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(typeof c === 'number' ? String(c) : c);
}

/** Replaces an element's content. */
export function replace(el: HTMLElement, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A labelled form field: the label's text above the control. */
export function field(label: string, control: HTMLElement & { id: string }): HTMLLabelElement {
  return h('label', { class: 'field', htmlFor: control.id }, h('span', { class: 'label' }, label), control);
}
