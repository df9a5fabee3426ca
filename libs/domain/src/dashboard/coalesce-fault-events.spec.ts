import { coalesceFaultEvents, type FaultEvent } from './coalesce-fault-events';

const ev = (type: FaultEvent<{ id: string; v: number }>['type'], id: string, v: number) => ({ type, fault: { id, v } });

describe(coalesceFaultEvents.name, () => {
  it('should keep one event per fault with its latest payload, in first-seen order', () => {
    expect(coalesceFaultEvents([ev('updated', 'b', 1), ev('updated', 'a', 1), ev('updated', 'b', 2)])).toEqual([ev('updated', 'b', 2), ev('updated', 'a', 1)]);
  });

  it('should keep a fault opened in the burst as opened, with the latest payload', () => {
    expect(coalesceFaultEvents([ev('opened', 'a', 1), ev('updated', 'a', 2), ev('updated', 'a', 3)])).toEqual([ev('opened', 'a', 3)]);
  });

  it('should end with cleared when the fault cleared in the burst, whatever came before', () => {
    expect(coalesceFaultEvents([ev('opened', 'a', 1), ev('cleared', 'a', 2)])).toEqual([ev('cleared', 'a', 2)]);
    expect(coalesceFaultEvents([ev('updated', 'a', 1), ev('cleared', 'a', 2), ev('updated', 'a', 3)])).toEqual([ev('cleared', 'a', 3)]);
  });

  it('should pass single events through and an empty burst as empty', () => {
    expect(coalesceFaultEvents([])).toEqual([]);
    expect(coalesceFaultEvents([ev('opened', 'a', 1)])).toEqual([ev('opened', 'a', 1)]);
  });
});
