#!/usr/bin/env python3
"""Builds data/countries.txt from Natural Earth 1:50m country outlines (npm package world-atlas).

Run once, from the repository root, when the outlines need to be rebuilt:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 data/build_outlines.py /tmp/package/countries-50m.json > data/countries.txt

Decodes the TopoJSON arcs, unwraps rings that cross the antimeridian, clips every ring to the region (lon -15..135, lat -12..72),
simplifies it (Douglas-Peucker, 0.02 degree), drops islands smaller than 0.01 square degrees
and writes integer hundredths of a degree, each point as a difference from the previous one.
"""
import json
import sys

WEST, EAST, SOUTH, NORTH = -15.0, 135.0, -12.0, 72.0
TOLERANCE = 0.02
MIN_AREA = 0.01


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(arcs, indices):
    points = []
    for i in indices:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def unwrap(ring):
    """Moves points past the antimeridian next to their neighbours (Chukotka at 190 not -170)."""
    if any(x > 170 for x, _ in ring) and any(x < -170 for x, _ in ring):
        return [(x + 360 if x < 0 else x, y) for x, y in ring]
    return ring


def clip(ring):
    def cut(points, inside, intersect):
        out = []
        for i, cur in enumerate(points):
            prev = points[i - 1]
            if inside(cur):
                if not inside(prev):
                    out.append(intersect(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(intersect(prev, cur))
        return out

    def at_x(x):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    points = ring[:-1] if ring and ring[0] == ring[-1] else ring
    for inside, intersect in (
        (lambda p: p[0] >= WEST, at_x(WEST)),
        (lambda p: p[0] <= EAST, at_x(EAST)),
        (lambda p: p[1] >= SOUTH, at_y(SOUTH)),
        (lambda p: p[1] <= NORTH, at_y(NORTH)),
    ):
        if not points:
            break
        points = cut(points, inside, intersect)
    return points


def simplify(points, tolerance):
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        length = (dx * dx + dy * dy) ** 0.5
        best, best_d = None, tolerance
        for i in range(a + 1, b):
            px, py = points[i]
            if length == 0:
                d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / length
            if d > best_d:
                best, best_d = i, d
        if best is not None:
            keep[best] = True
            stack.append((a, best))
            stack.append((best, b))
    return [p for p, k in zip(points, keep) if k]


def area(points):
    return abs(
        sum(points[i - 1][0] * p[1] - p[0] * points[i - 1][1] for i, p in enumerate(points))
    ) / 2


def main():
    topo = json.load(open(sys.argv[1]))
    arcs = decode_arcs(topo)
    print("# Country outlines for corridor maps; built by data/build_outlines.py, see data/README.md.")
    print("# C <ISO 3166-1 numeric> <name>, then R <lon> <lat> <dlon> <dlat> ... per ring,")
    print("# in hundredths of a degree, each point after the first as a difference from the previous.")
    geometries = sorted(
        topo["objects"]["countries"]["geometries"],
        key=lambda g: (g.get("properties", {}).get("name", ""), g.get("id", "")),
    )
    for g in geometries:
        if g["type"] == "Polygon":
            polygons = [g["arcs"]]
        elif g["type"] == "MultiPolygon":
            polygons = g["arcs"]
        else:
            continue
        rings = []
        for polygon in polygons:
            for indices in polygon:
                points = clip(unwrap(ring_points(arcs, indices)))
                if len(points) < 3 or area(points) < MIN_AREA:
                    continue
                points = points + [points[0]]
                points = simplify(points, TOLERANCE)[:-1]
                q = []
                for x, y in points:
                    p = (round(x * 100), round(y * 100))
                    if not q or q[-1] != p:
                        q.append(p)
                if len(q) >= 3:
                    rings.append(q)
        if not rings:
            continue
        print(f"C {g.get('id', '-')} {g['properties']['name']}")
        for q in rings:
            out = [q[0][0], q[0][1]]
            for (x0, y0), (x1, y1) in zip(q, q[1:]):
                out += [x1 - x0, y1 - y0]
            print("R " + " ".join(map(str, out)))


main()
