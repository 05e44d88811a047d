// Records every request a page makes, so a test can fail when one leaves the page's own origin.
export function recordRequests(page) {
  const urls = [];
  page.on("request", (request) => urls.push(request.url()));
  return {
    urls,
    /** Requests that went anywhere but `origin` (data: and blob: URLs never leave the tab). */
    foreign(origin) {
      return urls.filter((u) => !u.startsWith(origin) && !/^(data|blob):/.test(u));
    },
  };
}
