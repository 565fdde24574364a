// The commune map: the 2025 communes' GeoJSON drawn as SVG paths (equirectangular
// projection, scaled by cos(latitude) so the province keeps its shape), one <path>
// per commune, coloured by the caller.

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 800;

/** Projects and simplifies the features once; returns the SVG and a function to colour it. */
export function buildMap(container, geojson, { onHover, onClick } = {}) {
  const features = geojson.features;
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const feature of features) {
    for (const ring of rings(feature.geometry)) {
      for (const [lon, lat] of ring) {
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
    }
  }
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const scale = WIDTH / ((maxLon - minLon) * kx);
  const height = Math.ceil((maxLat - minLat) * scale);
  const project = ([lon, lat]) => [(lon - minLon) * kx * scale, (maxLat - lat) * scale];

  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `-2 -2 ${WIDTH + 4} ${height + 4}`);
  svg.setAttribute("id", "map");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "Bản đồ các xã, phường, đặc khu của tỉnh");

  const paths = new Map();
  for (const feature of features) {
    const code = String(feature.properties.code ?? feature.id);
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("d", pathData(rings(feature.geometry), project));
    path.setAttribute("class", "commune");
    path.setAttribute("fill-rule", "evenodd");
    path.dataset.code = code;
    path.dataset.name = feature.properties.fullName ?? feature.properties.name ?? code;
    const title = document.createElementNS(SVG, "title");
    title.textContent = path.dataset.name;
    path.append(title);
    path.addEventListener("mouseenter", () => onHover?.(code));
    path.addEventListener("mouseleave", () => onHover?.(null));
    path.addEventListener("click", () => onClick?.(code));
    svg.append(path);
    paths.set(code, path);
  }
  container.replaceChildren(svg);

  return {
    paths,
    /** Colours every commune: `styleOf(code)` gives { fill, title, rate, selected }. */
    paint(styleOf) {
      for (const [code, path] of paths) {
        const style = styleOf(code);
        path.setAttribute("fill", style.fill);
        path.dataset.rate = style.rate === null || style.rate === undefined ? "" : String(style.rate);
        path.classList.toggle("selected", Boolean(style.selected));
        path.querySelector("title").textContent = style.title;
      }
      // Selected communes on top, so their outline is not hidden by neighbours.
      for (const path of paths.values()) if (path.classList.contains("selected")) svg.append(path);
    },
  };
}

function rings(geometry) {
  if (!geometry) return [];
  if (geometry.type === "Polygon") return geometry.coordinates;
  if (geometry.type === "MultiPolygon") return geometry.coordinates.flat();
  return [];
}

/** SVG path data of the rings, dropping points closer than half a unit to the last one kept. */
function pathData(ringList, project) {
  const parts = [];
  for (const ring of ringList) {
    const points = [];
    let last = null;
    for (let i = 0; i < ring.length; i++) {
      const p = project(ring[i]);
      const end = i === ring.length - 1;
      if (last && !end && Math.abs(p[0] - last[0]) < 0.5 && Math.abs(p[1] - last[1]) < 0.5) continue;
      points.push(p);
      last = p;
    }
    if (points.length < 3) continue;
    parts.push(`M${points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join("L")}Z`);
  }
  if (parts.length === 0 && ringList.length) {
    // A commune smaller than a pixel still gets its outline.
    const points = ringList[0].map(project);
    parts.push(`M${points.map(([x, y]) => `${x.toFixed(2)},${y.toFixed(2)}`).join("L")}Z`);
  }
  return parts.join("");
}
