/** Health colours of exported graphs: Grafana's palette, so exports match the lineage panel. */
export const healthFill: Record<string, { fill: string; stroke: string; text: string }> = {
  healthy: { fill: '#73BF69', stroke: '#37872D', text: '#000000' },
  warning: { fill: '#FF9830', stroke: '#C4620A', text: '#000000' },
  failing: { fill: '#F2495C', stroke: '#C4162A', text: '#FFFFFF' },
  running: { fill: '#5794F2', stroke: '#1F60C4', text: '#FFFFFF' },
  unknown: { fill: '#CCCCDC', stroke: '#8E8E8E', text: '#000000' },
};

export const colorsOf = (health: string) => healthFill[health] ?? healthFill.unknown;
