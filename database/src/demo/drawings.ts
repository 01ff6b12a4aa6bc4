/**
 * Simple, recognisable product drawings as SVG, one per kind of demo item: flat shapes on a soft
 * studio background, drawn here (no downloads) and rasterised by sharp (photos.ts).
 */
export const drawingKinds = [
  "camera",
  "keyboard",
  "desk",
  "console",
  "headphones",
  "chair",
  "record",
  "bicycle",
  "espresso",
  "tablet",
  "shoe",
  "figure",
  "monitor",
  "dice",
  "lamp",
  "backpack",
  "dripper",
  "mat",
  "ereader",
  "projector",
  "palette",
  "guitar",
  "vacuum",
  "brick",
  "watch",
  "tent",
  "phone",
  "speaker",
  "books",
  "piano",
] as const;
export type DrawingKind = (typeof drawingKinds)[number];

const dark = "#2b2d33";
const mid = "#5b5f6b";
const light = "#e9ebef";

/** The product, in a 800×600 box, centred around (400, 300). */
const shapes: Record<DrawingKind, (accent: string) => string> = {
  camera: (a) => `
    <rect x="190" y="190" width="420" height="260" rx="36" fill="${dark}"/>
    <rect x="250" y="150" width="120" height="60" rx="14" fill="${mid}"/>
    <rect x="520" y="215" width="60" height="30" rx="8" fill="${light}"/>
    <circle cx="400" cy="320" r="105" fill="${mid}"/>
    <circle cx="400" cy="320" r="78" fill="#111"/>
    <circle cx="400" cy="320" r="40" fill="${a}" opacity="0.8"/>
    <circle cx="375" cy="295" r="14" fill="#fff" opacity="0.7"/>`,
  keyboard: (a) => {
    let keys = "";
    for (let row = 0; row < 4; row++)
      for (let col = 0; col < 12; col++)
        keys += `<rect x="${178 + col * 38}" y="${228 + row * 40}" width="32" height="32" rx="6" fill="${row === 0 && col === 0 ? a : light}"/>`;
    return `<rect x="160" y="210" width="480" height="190" rx="20" fill="${dark}"/>${keys}
      <rect x="290" y="388" width="220" height="0" fill="${light}"/>`;
  },
  desk: (a) => `
    <rect x="150" y="230" width="500" height="34" rx="6" fill="#b07a4a"/>
    <rect x="175" y="264" width="22" height="200" fill="#8a5a33"/>
    <rect x="603" y="264" width="22" height="200" fill="#8a5a33"/>
    <rect x="430" y="264" width="150" height="90" rx="4" fill="#9c6a3e"/>
    <rect x="480" y="300" width="50" height="8" rx="4" fill="${light}"/>
    <rect x="250" y="170" width="120" height="60" rx="6" fill="${a}"/>`,
  console: (a) => `
    <rect x="170" y="200" width="90" height="200" rx="40" fill="#ff4f4f"/>
    <rect x="540" y="200" width="90" height="200" rx="40" fill="#2ec4f1"/>
    <rect x="255" y="200" width="290" height="200" rx="10" fill="${dark}"/>
    <rect x="275" y="218" width="250" height="164" rx="6" fill="${a}" opacity="0.85"/>
    <circle cx="215" cy="260" r="18" fill="${dark}"/><circle cx="585" cy="330" r="18" fill="${dark}"/>`,
  headphones: (a) => `
    <path d="M250 340 C250 170 550 170 550 340" stroke="${dark}" stroke-width="34" fill="none" stroke-linecap="round"/>
    <rect x="205" y="310" width="95" height="150" rx="40" fill="${dark}"/>
    <rect x="500" y="310" width="95" height="150" rx="40" fill="${dark}"/>
    <rect x="225" y="335" width="55" height="100" rx="26" fill="${a}"/>
    <rect x="520" y="335" width="55" height="100" rx="26" fill="${a}"/>`,
  chair: (a) => `
    <rect x="290" y="150" width="220" height="150" rx="18" fill="${a}"/>
    <rect x="270" y="300" width="260" height="50" rx="14" fill="${a}"/>
    <line x1="290" y1="350" x2="240" y2="470" stroke="${dark}" stroke-width="14" stroke-linecap="round"/>
    <line x1="510" y1="350" x2="560" y2="470" stroke="${dark}" stroke-width="14" stroke-linecap="round"/>
    <line x1="300" y1="330" x2="520" y2="470" stroke="${mid}" stroke-width="10" stroke-linecap="round"/>
    <line x1="500" y1="330" x2="280" y2="470" stroke="${mid}" stroke-width="10" stroke-linecap="round"/>`,
  record: (a) => `
    <rect x="160" y="140" width="320" height="320" rx="8" fill="${a}"/>
    <circle cx="470" cy="300" r="160" fill="#111"/>
    <circle cx="470" cy="300" r="120" fill="none" stroke="#333" stroke-width="3"/>
    <circle cx="470" cy="300" r="90" fill="none" stroke="#333" stroke-width="3"/>
    <circle cx="470" cy="300" r="48" fill="${light}"/><circle cx="470" cy="300" r="8" fill="#111"/>`,
  bicycle: (a) => `
    <circle cx="250" cy="360" r="95" fill="none" stroke="${dark}" stroke-width="16"/>
    <circle cx="550" cy="360" r="95" fill="none" stroke="${dark}" stroke-width="16"/>
    <path d="M250 360 L350 230 L500 230 L550 360 M350 230 L420 360 L250 360 M420 360 L500 230" stroke="${a}" stroke-width="14" fill="none" stroke-linejoin="round"/>
    <line x1="500" y1="230" x2="490" y2="190" stroke="${dark}" stroke-width="12"/>
    <rect x="455" y="180" width="70" height="14" rx="7" fill="${dark}"/>
    <rect x="320" y="205" width="70" height="18" rx="9" fill="${dark}"/>
    <rect x="395" y="300" width="60" height="40" rx="6" fill="${mid}"/>`,
  espresso: (a) => `
    <rect x="250" y="140" width="300" height="320" rx="24" fill="${light}" stroke="${mid}" stroke-width="6"/>
    <rect x="250" y="140" width="300" height="90" rx="24" fill="${a}"/>
    <rect x="330" y="250" width="140" height="34" rx="10" fill="${dark}"/>
    <rect x="470" y="258" width="90" height="18" rx="9" fill="${dark}"/>
    <path d="M355 350 h90 v45 a45 30 0 0 1 -90 0 z" fill="#fff" stroke="${mid}" stroke-width="5"/>
    <rect x="250" y="420" width="300" height="40" rx="8" fill="${mid}"/>`,
  tablet: (a) => `
    <rect x="210" y="130" width="380" height="340" rx="28" fill="${dark}"/>
    <rect x="232" y="152" width="336" height="296" rx="12" fill="${a}"/>
    <circle cx="400" cy="300" r="60" fill="#fff" opacity="0.35"/>
    <rect x="600" y="170" width="14" height="230" rx="7" fill="${light}" stroke="${mid}" stroke-width="3"/>`,
  shoe: (a) => `
    <path d="M190 380 C200 300 260 260 330 250 L420 230 C470 280 560 300 620 330 C640 345 640 380 620 390 Z" fill="${a}"/>
    <rect x="180" y="385" width="450" height="36" rx="16" fill="${light}" stroke="${mid}" stroke-width="4"/>
    <path d="M340 260 l30 40 M370 252 l30 40 M400 246 l30 40" stroke="#fff" stroke-width="8" stroke-linecap="round"/>`,
  figure: (a) => `
    <circle cx="400" cy="190" r="62" fill="#f2c9a0"/>
    <path d="M338 180 a62 62 0 0 1 124 0 l-10 -30 a55 40 0 0 0 -104 0 z" fill="${dark}"/>
    <rect x="345" y="255" width="110" height="130" rx="30" fill="${a}"/>
    <rect x="355" y="380" width="38" height="80" rx="14" fill="${dark}"/>
    <rect x="407" y="380" width="38" height="80" rx="14" fill="${dark}"/>
    <rect x="300" y="460" width="200" height="24" rx="8" fill="${mid}"/>`,
  monitor: (a) => `
    <rect x="160" y="130" width="480" height="290" rx="14" fill="${dark}"/>
    <rect x="178" y="148" width="444" height="254" rx="6" fill="${a}"/>
    <rect x="380" y="420" width="40" height="50" fill="${mid}"/>
    <rect x="300" y="465" width="200" height="18" rx="9" fill="${mid}"/>`,
  dice: (a) => `
    <rect x="170" y="170" width="260" height="260" rx="18" fill="${a}"/>
    <rect x="190" y="190" width="220" height="60" rx="8" fill="#fff" opacity="0.5"/>
    <rect x="440" y="290" width="130" height="130" rx="20" fill="#fff" stroke="${mid}" stroke-width="5"/>
    <circle cx="475" cy="325" r="11" fill="${dark}"/><circle cx="535" cy="385" r="11" fill="${dark}"/><circle cx="505" cy="355" r="11" fill="${dark}"/>
    <rect x="560" y="220" width="90" height="90" rx="16" fill="#fff" stroke="${mid}" stroke-width="5" transform="rotate(15 605 265)"/>`,
  lamp: (a) => `
    <path d="M300 150 L500 150 L560 290 L240 290 Z" fill="${a}"/>
    <rect x="390" y="290" width="20" height="160" fill="${mid}"/>
    <ellipse cx="400" cy="460" rx="110" ry="22" fill="${dark}"/>
    <ellipse cx="400" cy="290" rx="160" ry="14" fill="#fff8d6" opacity="0.7"/>`,
  backpack: (a) => `
    <path d="M340 150 a60 50 0 0 1 120 0" stroke="${dark}" stroke-width="18" fill="none"/>
    <rect x="270" y="160" width="260" height="320" rx="70" fill="${a}"/>
    <rect x="310" y="330" width="180" height="110" rx="30" fill="#000" opacity="0.18"/>
    <rect x="330" y="200" width="140" height="16" rx="8" fill="#000" opacity="0.25"/>`,
  dripper: (a) => `
    <path d="M300 170 L500 170 L440 280 L360 280 Z" fill="${a}"/>
    <rect x="285" y="160" width="230" height="18" rx="9" fill="${a}"/>
    <path d="M340 290 h120 v110 a60 40 0 0 1 -120 0 z" fill="#fff" opacity="0.75" stroke="${mid}" stroke-width="5"/>
    <rect x="330" y="285" width="140" height="12" rx="6" fill="${mid}"/>
    <path d="M460 320 q40 20 0 60" stroke="${mid}" stroke-width="10" fill="none"/>`,
  mat: (a) => `
    <rect x="180" y="250" width="440" height="120" rx="60" fill="${a}"/>
    <ellipse cx="620" cy="310" rx="40" ry="60" fill="${a}" stroke="#fff" stroke-width="6"/>
    <ellipse cx="620" cy="310" rx="18" ry="30" fill="none" stroke="#fff" stroke-width="4"/>
    <rect x="250" y="245" width="26" height="130" fill="${dark}" opacity="0.5"/>
    <rect x="520" y="245" width="26" height="130" fill="${dark}" opacity="0.5"/>`,
  ereader: (a) => `
    <rect x="260" y="120" width="280" height="370" rx="24" fill="${dark}"/>
    <rect x="282" y="145" width="236" height="300" rx="6" fill="#f1efe6"/>
    ${[0, 1, 2, 3, 4, 5, 6].map((line) => `<rect x="302" y="${170 + line * 36}" width="${line === 6 ? 110 : 196}" height="10" rx="5" fill="#8d8a80"/>`).join("")}
    <rect x="370" y="458" width="60" height="10" rx="5" fill="${a}"/>`,
  projector: (a) => `
    <path d="M470 300 L700 180 L700 420 Z" fill="#fff8d6" opacity="0.55"/>
    <rect x="170" y="220" width="310" height="170" rx="26" fill="${light}" stroke="${mid}" stroke-width="6"/>
    <circle cx="420" cy="305" r="52" fill="${dark}"/><circle cx="420" cy="305" r="28" fill="${a}"/>
    <rect x="205" y="255" width="120" height="14" rx="7" fill="${mid}"/>`,
  palette: (a) => `
    <path d="M400 160 C560 160 640 250 620 330 C600 400 520 360 500 410 C480 460 420 470 360 450 C230 410 180 330 210 260 C240 200 320 160 400 160 Z" fill="#e8c99a"/>
    <circle cx="300" cy="270" r="26" fill="#e53935"/><circle cx="370" cy="220" r="26" fill="#fdd835"/>
    <circle cx="460" cy="220" r="26" fill="#43a047"/><circle cx="540" cy="270" r="26" fill="#1e88e5"/>
    <circle cx="300" cy="350" r="26" fill="${a}"/><circle cx="430" cy="370" r="30" fill="#fff" opacity="0.7"/>`,
  guitar: (a) => `
    <rect x="470" y="110" width="34" height="230" rx="6" fill="#6d4c2f" transform="rotate(30 487 225)"/>
    <circle cx="340" cy="380" r="110" fill="${a}"/><circle cx="420" cy="300" r="80" fill="${a}"/>
    <circle cx="375" cy="340" r="30" fill="${dark}"/>
    <rect x="300" y="410" width="70" height="14" rx="5" fill="${dark}" transform="rotate(-45 335 417)"/>`,
  vacuum: (a) => `
    <rect x="385" y="110" width="30" height="300" rx="14" fill="${mid}"/>
    <rect x="350" y="120" width="100" height="120" rx="30" fill="${a}"/>
    <rect x="300" y="400" width="200" height="50" rx="20" fill="${dark}"/>
    <circle cx="400" cy="180" r="22" fill="#fff" opacity="0.6"/>`,
  brick: (a) => `
    <rect x="200" y="260" width="400" height="180" rx="10" fill="${a}"/>
    ${[0, 1, 2, 3].map((stud) => `<rect x="${230 + stud * 95}" y="215" width="70" height="50" rx="10" fill="${a}" stroke="#000" stroke-opacity="0.15" stroke-width="4"/>`).join("")}
    <rect x="200" y="260" width="400" height="30" fill="#000" opacity="0.12"/>`,
  watch: (a) => `
    <rect x="345" y="100" width="110" height="400" rx="30" fill="${a}"/>
    <rect x="290" y="200" width="220" height="200" rx="60" fill="${dark}"/>
    <rect x="312" y="222" width="176" height="156" rx="44" fill="#10131a"/>
    <text x="400" y="318" font-family="sans-serif" font-size="54" font-weight="700" fill="#fff" text-anchor="middle">10:09</text>`,
  tent: (a) => `
    <path d="M170 450 L400 150 L630 450 Z" fill="${a}"/>
    <path d="M400 150 L470 450 L330 450 Z" fill="#000" opacity="0.2"/>
    <path d="M400 260 L450 450 L350 450 Z" fill="${dark}"/>
    <rect x="140" y="450" width="520" height="14" rx="7" fill="${mid}"/>`,
  phone: (a) => `
    <rect x="300" y="100" width="200" height="400" rx="34" fill="${dark}"/>
    <rect x="314" y="120" width="172" height="360" rx="22" fill="${a}"/>
    <rect x="370" y="126" width="60" height="16" rx="8" fill="${dark}"/>
    <circle cx="400" cy="300" r="46" fill="#fff" opacity="0.35"/>`,
  speaker: (a) => `
    <rect x="290" y="150" width="220" height="320" rx="90" fill="${a}"/>
    <circle cx="400" cy="250" r="50" fill="${dark}"/><circle cx="400" cy="250" r="20" fill="${mid}"/>
    <circle cx="400" cy="370" r="70" fill="${dark}"/><circle cx="400" cy="370" r="30" fill="${mid}"/>`,
  books: (a) => `
    <rect x="220" y="380" width="360" height="60" rx="6" fill="${a}"/>
    <rect x="240" y="320" width="330" height="60" rx="6" fill="#3f51b5"/>
    <rect x="210" y="260" width="350" height="60" rx="6" fill="#2e7d32"/>
    <rect x="250" y="200" width="300" height="60" rx="6" fill="#ef6c00"/>
    <rect x="230" y="393" width="300" height="8" fill="#fff" opacity="0.6"/>
    <rect x="260" y="333" width="280" height="8" fill="#fff" opacity="0.6"/>`,
  piano: (a) => {
    let keys = "";
    for (let key = 0; key < 14; key++)
      keys += `<rect x="${162 + key * 34}" y="300" width="32" height="120" rx="3" fill="#fff"/>`;
    for (const key of [0, 1, 3, 4, 5, 7, 8, 10, 11, 12])
      keys += `<rect x="${184 + key * 34}" y="300" width="22" height="72" rx="3" fill="#111"/>`;
    return `<rect x="140" y="240" width="520" height="200" rx="14" fill="${dark}"/>
      <rect x="160" y="258" width="480" height="30" rx="6" fill="${a}" opacity="0.6"/>${keys}`;
  },
};

/**
 * One photo of a product: `shot` 0 is the cover; other shots move the camera (closer, to the
 * side) and the light, so a listing's photos differ as real ones do.
 */
export function productSvg(kind: DrawingKind, hue: number, shot = 0): string {
  const accent = `hsl(${hue} 70% 52%)`;
  const scale = [1, 1.25, 0.85][shot % 3] ?? 1;
  const shiftX = [0, -60, 50][shot % 3] ?? 0;
  const backdrop = (hue + 180 + shot * 25) % 360;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" viewBox="0 0 800 600">
  <defs>
    <radialGradient id="studio" cx="50%" cy="40%" r="75%">
      <stop offset="0%" stop-color="hsl(${backdrop} 35% 96%)"/>
      <stop offset="100%" stop-color="hsl(${backdrop} 25% 80%)"/>
    </radialGradient>
  </defs>
  <rect width="800" height="600" fill="url(#studio)"/>
  <ellipse cx="400" cy="505" rx="280" ry="26" fill="#000" opacity="0.12"/>
  <g transform="translate(${400 + shiftX} 300) scale(${scale}) translate(-400 -300)">${shapes[kind](accent)}</g>
</svg>`;
}
