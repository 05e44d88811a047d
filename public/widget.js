// Attune's embeddable widget: <attune-similar track="spotify:track:…"> shows similar tracks, computed in
// the visitor's browser from Attune's bundled catalog. Add to any page:
//   <script src="https://YOUR-ATTUNE-HOST/widget.js" defer></script>
//   <attune-similar track="spotify:track:4uLU6hMCjMI75M1A2tKUQC" count="5" theme="dark"></attune-similar>
// Attributes: track (spotify:track: and the 22-character id), artist (a name), search (any text up to 200
// characters; `seed` is an alias), count (1-20), theme (light, dark, auto), layout (compact). The element
// renders in its own shadow root, reads nothing of the page but these attributes, and loads only Attune's
// own files.
(() => {
  // document.currentScript straight from Document.prototype: a host page's markup can name an element
  // "currentScript" (<img name="currentScript" src="https://elsewhere/…">) and point the widget's code at
  // another site.
  const script = Object.getOwnPropertyDescriptor(Document.prototype, "currentScript").get.call(document);
  if (!(script instanceof HTMLScriptElement)) return;
  const base = new URL(".", script.src).href;
  let engine;
  const load = () => (engine ??= import(`${base}widget/attune-widget.js`).then(async (module) => {
    await module.default({ module_or_path: `${base}widget/attune-widget_bg.wasm` });
    return module;
  }));

  // The documented attributes, and the only ones read: each is checked by the widget before use
  // (src/widget.rs), and any other name on the element or in embed.html's query is ignored.
  const ATTRIBUTES = ["track", "artist", "search", "seed", "count", "theme", "layout"];

  class AttuneSimilar extends HTMLElement {
    static observedAttributes = ATTRIBUTES;

    connectedCallback() { this.render(); }

    attributeChangedCallback() { if (this.isConnected) this.render(); }

    async render() {
      const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
      const attributes = Object.create(null);
      for (const name of ATTRIBUTES) {
        const value = this.getAttribute(name);
        if (value !== null) attributes[name] = value;
      }
      const module = await load();
      await module.render_similar(root, base, attributes);
    }
  }
  if (!customElements.get("attune-similar")) customElements.define("attune-similar", AttuneSimilar);

  // The iframe form (embed.html?track=…&theme=…): the same element, given the documented parameters of the
  // page's own address and nothing else. A link can carry any parameter: `onfocus=…` with `autofocus`
  // once ran script here, so names are matched against the list, never copied.
  if (script.hasAttribute("data-embed")) {
    const element = document.createElement("attune-similar");
    const query = new URLSearchParams(location.search);
    for (const name of ATTRIBUTES) {
      const value = query.get(name);
      if (value !== null) element.setAttribute(name, value);
    }
    document.body.append(element);
  }
})();
