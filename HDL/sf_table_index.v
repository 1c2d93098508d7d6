`timescale 1ns / 1ps
`default_nettype none
// sf_table_index: the address of a lookup table entry, combinationally.
//
// addr = floor((din - START) / 2^SHIFT): with power-of-two table spans this is a bit slice, no
// multiplier. A periodic table keeps the low ADDR_W bits (one period per span); otherwise the
// address is clamped to [0, 2^ADDR_W - 1]. SHIFT may be negative (a left shift).
module sf_table_index #(
    parameter integer IN_W = 8,
    parameter integer IN_SIGNED = 1,
    parameter [IN_W:0] START = 0,
    parameter integer SHIFT = 0,
    parameter integer ADDR_W = 4,
    parameter integer PERIODIC = 0
) (
    input  wire [IN_W-1:0]   din,
    output wire [ADDR_W-1:0] addr
);
    localparam integer RS = (SHIFT > 0) ? SHIFT : 0;
    localparam integer LS = (SHIFT < 0) ? -SHIFT : 0;
    localparam integer QW = IN_W + 1 + LS;
    // Wide enough to hold the largest in-range address plus a sign, so the clamp compares are exact.
    localparam integer CW = (QW > ADDR_W + 1) ? QW : ADDR_W + 1;

    wire sign = (IN_SIGNED != 0) && din[IN_W-1];
    wire signed [IN_W:0] x = $signed({sign, din});
    wire signed [IN_W:0] d = x - $signed(START);

    /* verilator lint_off UNUSEDSIGNAL */
    wire signed [QW-1:0] q;
    wire signed [CW-1:0] qc;
    /* verilator lint_on UNUSEDSIGNAL */
    generate
        if (LS > 0) begin : g_left
            assign q = $signed({d, {LS{1'b0}}});
        end else begin : g_right
            assign q = d >>> RS;
        end
        if (CW > QW) begin : g_extend
            assign qc = $signed({{(CW - QW){q[QW-1]}}, q});
        end else begin : g_same
            assign qc = q;
        end
    endgenerate

    localparam [CW-1:0] TOP = {{(CW - ADDR_W){1'b0}}, {ADDR_W{1'b1}}};
    wire below = qc[CW-1];
    wire above = !below && (qc > $signed(TOP));
    assign addr = (PERIODIC != 0) ? qc[ADDR_W-1:0] :
                  below ? {ADDR_W{1'b0}} :
                  above ? {ADDR_W{1'b1}} : qc[ADDR_W-1:0];
endmodule

`default_nettype wire
