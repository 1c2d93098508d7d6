`timescale 1ns / 1ps
`default_nettype none
// sf_table_index_seg: the address of a segmented lookup table entry, combinationally.
//
// u = din - START. Segment 0 holds u in [0, 2^MANT_W) at one entry per LSB; segment k >= 1 holds
// u in [2^(MANT_W+k-1), 2^(MANT_W+k)): the leading one of u picks k and the MANT_W bits below it
// pick the entry, so the step doubles per segment while the relative step stays below 2^-MANT_W.
// addr = {k, entry}. u < 0 reads entry 0, u beyond the last segment the last entry (clamped).
module sf_table_index_seg #(
    parameter integer IN_W = 8,
    parameter integer IN_SIGNED = 1,
    parameter [IN_W:0] START = 0,
    parameter integer MANT_W = 3,
    parameter integer SEGMENTS = 4,
    parameter integer ADDR_W = 5
) (
    input  wire [IN_W-1:0]   din,
    output reg  [ADDR_W-1:0] addr
);
    // u is below 2^IN_W whenever it is non-negative, so IN_W bits hold it; at least MANT_W keep the
    // segment-0 slice in range when the argument is narrower than a segment.
    localparam integer UW = (IN_W > MANT_W) ? IN_W : MANT_W;

    wire sign = (IN_SIGNED != 0) && din[IN_W-1];
    wire signed [IN_W:0] x = $signed({sign, din});
    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [IN_W:0] d = x - $signed(START);
    wire below = d[IN_W];
    wire [UW-1:0] u = {{(UW - IN_W){1'b0}}, d[IN_W-1:0]};

    // Leading one by normalization: log2(P) stages, each shifting u left by 2^g when its top 2^g bits are
    // zero, so the depth grows with log2 of the width (a priority chain would grow with the width) and the
    // bits below the leading one come out of the same shifter. P > UW keeps a zero bit on top.
    localparam integer L = (UW < 2) ? 1 : (UW < 4) ? 2 : (UW < 8) ? 3 : (UW < 16) ? 4 : (UW < 32) ? 5 : (UW < 64) ? 6 : 7;
    localparam integer P = 1 << L;
    localparam [P-1:0] ONES = {P{1'b1}};

    reg [P-1:0] s;
    integer g;
    integer e;
    integer k;
    integer b;
    always @* begin
        s = {{(P - UW){1'b0}}, u};
        e = P - 1;
        for (g = L - 1; g >= 0; g = g - 1) begin
            if ((s & ~(ONES >> (1 << g))) == {P{1'b0}}) begin
                s = s << (1 << g);
                e = e - (1 << g);
            end
        end
        // e is the position of u's leading one (for u = 0 it ends at 0, read as segment 0 below).
        // Segment: 0 below 2^MANT_W (and for u < 0, read as entry 0), the last one when u is beyond it.
        k = below ? 0 : (e < MANT_W) ? 0 : (e - MANT_W + 1 >= SEGMENTS) ? SEGMENTS - 1 : e - MANT_W + 1;
        for (b = 0; b < MANT_W; b = b + 1)
            addr[b] = below ? 1'b0 : (e < MANT_W) ? u[b] : (e - MANT_W + 1 >= SEGMENTS) ? 1'b1 : s[P - 1 - MANT_W + b];
        for (b = MANT_W; b < ADDR_W; b = b + 1)
            addr[b] = k[b - MANT_W];
    end
    /* verilator lint_on UNUSEDSIGNAL */
endmodule

`default_nettype wire
