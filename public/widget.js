// Attune's embeddable widget: <attune-similar track="spotify:track:…"> shows similar tracks, computed in
// the visitor's browser from Attune's bundled catalog. Add to any page:
//   <script src="https://YOUR-ATTUNE-HOST/widget.js" defer></script>
//   <attune-similar track="spotify:track:4uLU6hMCjMI75M1A2tKUQC" count="5" theme="dark"></attune-similar>
// Attributes: track (spotify:track:…), artist (a name), search (any text; `seed` is an alias), count
// (1-20), theme (light, dark, auto), layout (compact). The element renders in its own shadow root, reads
// nothing of the page but its attributes, and loads only Attune's own files.
(() => {
  const script = document.currentScript;
  const base = new URL(".", script.src).href;
  let engine;
  const load = () => (engine ??= import(`${base}widget/attune-widget.js`).then(async (module) => {
    await module.default({ module_or_path: `${base}widget/attune-widget_bg.wasm` });
    return module;
  }));

  class AttuneSimilar extends HTMLElement {
    static observedAttributes = ["track", "artist", "search", "seed", "count", "theme", "layout"];

    connectedCallback() { this.render(); }

    attributeChangedCallback() { if (this.isConnected) this.render(); }

    async render() {
      const root = this.shadowRoot ?? this.attachShadow({ mode: "open" });
      const artist = this.getAttribute("artist");
      const seed = this.getAttribute("track") ?? (artist ? `artist:${artist}` : null)
        ?? this.getAttribute("search") ?? this.getAttribute("seed") ?? "";
      const count = Number.parseInt(this.getAttribute("count") ?? "", 10);
      const module = await load();
      await module.render_similar(root, base, seed, Number.isFinite(count) ? count : undefined,
        this.getAttribute("theme") ?? undefined, this.getAttribute("layout") === "compact");
    }
  }
  if (!customElements.get("attune-similar")) customElements.define("attune-similar", AttuneSimilar);

  // The iframe form (embed.html?track=…&theme=…): the same element, from the page's own address.
  if (script.hasAttribute("data-embed")) {
    const element = document.createElement("attune-similar");
    for (const [name, value] of new URLSearchParams(location.search)) element.setAttribute(name, value);
    document.body.append(element);
  }
})();
